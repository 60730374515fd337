import ArgumentParser
import CUDASampler
import Foundation

/// `guidance gpu kernels`: every sampler kernel through NVRTC and ptxas, with the offline
/// performance model's bound beside ptxas's figures.
struct GPUKernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Compile every sampler kernel with NVRTC, assemble it with ptxas and print registers, spills, PTX size and a performance model.",
        discussion: """
            Compiles Sources/CUDASampler/Kernels/guided_sampler.cu (embedded in the binary) for \
            compute_<arch> with -DGL_DIM=<dimension>, assembles the PTX with `ptxas -arch=sm_<arch> \
            -v`, and prints one row per entry point of kernel_variants.h (--family: only those; \
            NVRTC takes seconds per family at d = 2, minutes for boxes at d = 16): registers per thread, \
            spill bytes (stores/loads; any spill is slow local memory), stack frame, the entry's PTX \
            size, and the "model" columns. The model is an offline bound, not a measurement: it \
            counts the step loop's instructions per particle-step (special-function ex2/lg2/rcp/sqrt, \
            FP32, FP64, integer, loads/stores; loops inside the step loop weighted by \
            --model-classes and --model-components over their unroll factor), divides H100 SXM's \
            rates (132 SMs at 1.98 GHz; per SM per clock 128 FP32, 64 FP64, 16 SFU, 64 INT, 32 LSU \
            lanes, 128 issue slots) by them, scaled by the occupancy the register count allows \
            (full rate at 16 or more resident warps per SM), and names the binding unit; "model loops" \
            says "overlapping" where the compiler rotated or merged the loops (as at large d), so that \
            the structural trip counts, and the bound, are less certain. Needs no \
            GPU: NVRTC and ptxas are found as `guidance gpu --help` says. Exits 1 with one line \
            on stderr when NVRTC or ptxas is missing or a kernel does not compile (the line \
            carries NVRTC's log).
            """)

    @Option(help: "Compute capability to compile for, as digits (80 = A100, 90 = H100), 50 to 120.")
    var arch = "90"

    @Option(help: "The dimension d the kernels are compiled for (-DGL_DIM), in [1, 64].")
    var dimension = 2

    @Option(name: .customLong("family"), help: "A kernel family to compile (isotropic, diagonal, full, boxes); repeat for several (default: all).")
    var families: [String] = []

    @Option(help: "Write the module's PTX to this folder as guided_sampler_compute<arch>_d<dimension>.ptx.")
    var ptxDir: String?

    @Option(help: "Model: class-loop trips per score evaluation (the number of classes).")
    var modelClasses = 2

    @Option(help: "Model: component-loop trips per class (components per class).")
    var modelComponents = 8

    func validate() throws {
        do {
            try KernelCompiler.validate(architecture: arch)
            try SamplerKernels.validate(dimension: dimension)
            _ = try SamplerKernels.source(families: families)
        } catch {
            throw ValidationError(error.description)
        }
        for (field, value) in [("model-classes", modelClasses), ("model-components", modelComponents)] where !(1...100_000).contains(value) {
            throw InputError(field: field, value: "\(value)", allowed: "an integer in [1, 100000]").validation
        }
    }

    func run() throws {
        let compiler = KernelCompiler(nvrtc: try NVRTC.load())
        let ptxas = try PTXAssembler.locate()
        let source = families.isEmpty ? SamplerKernels.source : try SamplerKernels.source(families: families)
        let (ptx, reports) = try KernelReport.compile(
            source, compiler: compiler, ptxas: ptxas, architecture: arch, dimension: dimension,
            innerTrips: [Double(modelClasses), Double(modelComponents)])
        if let ptxDir {
            let path = "\(ptxDir)/guided_sampler_compute\(arch)_d\(dimension).ptx"
            do {
                try FileManager.default.createDirectory(atPath: ptxDir, withIntermediateDirectories: true)
                try Data(ptx.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw OutputError(path: path, reason: "allowed: a writable folder (\(error.localizedDescription))", option: "ptx-dir")
            }
        }
        print("NVRTC \(compiler.nvrtc.path); ptxas \(ptxas.path); compute_\(arch), d = \(dimension)")
        print("model: \(PerformanceModel.Card.h100SXM.name), \(modelClasses) classes × \(modelComponents) components per class; bounds, not measurements")
        print(KernelTable(reports).text)
    }
}

/// The rows of `gpu kernels`, aligned.
struct KernelTable {
    let rows: [[String]]

    static let header = [
        "kernel", "sampler", "family", "prec", "regs", "spill st/ld", "stack", "PTX KiB",
        "model SFU/step", "model FP32/step", "model FP64/step", "model issue/step", "model occupancy", "model particle-steps/s", "model bound", "model loops",
    ]

    init(_ reports: [KernelReport]) {
        rows = reports.map { report in
            let r = report.resources, v = report.variant
            var row = [
                v.entry, v.sampler, v.family, v.precision, "\(r.registers)", "\(r.spillStoreBytes)/\(r.spillLoadBytes)", "\(r.stackFrameBytes)",
                String(format: "%.1f", Double(report.ptxBytes) / 1024),
            ]
            if let model = report.model, let bound = model.prediction {
                let m = model.mix
                row += [
                    Self.count(m.specialFunction), Self.count(m.fp32), Self.count(m.fp64), Self.count(m.issued),
                    String(format: "%.0f%%", 100 * model.occupancy), String(format: "%.2e", bound.particleStepsPerSecond), bound.unit,
                    m.overlapped ? "overlapping" : "nested",
                ]
            } else {
                row += Array(repeating: "-", count: 8)
            }
            return row
        }
    }

    static func count(_ value: Double) -> String { String(format: "%.0f", value) }

    var text: String {
        let all = [Self.header] + rows
        let widths = Self.header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            zip(row, widths).enumerated().map { index, cell in
                let pad = String(repeating: " ", count: cell.1 - cell.0.count)
                return index < 4 ? cell.0 + pad : pad + cell.0
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
