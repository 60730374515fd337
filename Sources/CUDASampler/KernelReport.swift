/// One kernel variant compiled for one architecture and dimension: what ptxas says it costs and
/// what the performance model predicts.
public struct KernelReport: Sendable {
    public var variant: KernelVariant
    public var architecture: String
    public var dimension: Int
    public var resources: KernelResources
    /// Characters of the entry's PTX text.
    public var ptxBytes: Int
    /// The model's bound (nil when the entry has no step loop the model recognises).
    public var model: PerformanceModel?

    /// Compiles `SamplerKernels.source` (or `source`) for `architecture` and `dimension`,
    /// assembles it with ptxas for `sm_<assemble>` (default: the same architecture) and reports
    /// each entry; the model uses `innerTrips` (per nesting level inside the step loop).
    public static func compile(
        _ source: KernelSource = SamplerKernels.source, compiler: KernelCompiler, ptxas: PTXAssembler, architecture: String,
        assemble: String? = nil, dimension: Int, innerTrips: [Double]
    ) throws(CUDAError) -> (ptx: String, reports: [KernelReport]) {
        try SamplerKernels.validate(dimension: dimension)
        let ptx = try compiler.ptx(source, architecture: architecture, dimension: dimension)
        let assembled = try ptxas.assemble(ptx: ptx, architecture: assemble ?? architecture)
        var reports: [KernelReport] = []
        for variant in SamplerKernels.entries(inPTX: ptx) {
            guard let resources = assembled.first(where: { $0.entry == variant.entry }) else {
                throw .ptxasFailed(path: ptxas.path, status: 0, output: "no ptxas -v record for \(variant.entry)")
            }
            let body = PTXListing.entryBody(variant.entry, in: ptx) ?? []
            let mix = PTXInstructionMix.stepLoop(of: variant.entry, in: ptx, innerTrips: innerTrips)
            reports.append(
                KernelReport(
                    variant: variant, architecture: assemble ?? architecture, dimension: dimension, resources: resources,
                    ptxBytes: body.reduce(0) { $0 + $1.utf8.count + 1 }, model: mix.map { PerformanceModel(mix: $0, registers: resources.registers) }))
        }
        return (ptx, reports)
    }
}
