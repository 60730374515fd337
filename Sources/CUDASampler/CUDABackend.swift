import Diffusion
import Foundation
import GuidanceNumerics

/// The guided samplers on an NVIDIA card: `KernelTables` built on the host with the CPU's own
/// schedule and noised components, the kernel source compiled by NVRTC for the card's compute
/// capability at the problem's dimension, with the problem's family only (cached), the tables copied once, then one launch per
/// chunk of particles, each chunk's final positions copied back.
///
/// Results: particle p's start and noise are the Philox draws of `Sampler.run`, so the float64
/// kernels give the CPU's particles up to rounding (KernelHostTests check the same source on the
/// host within 1e-12). A particle that leaves the finite range fails the run with
/// `NumericsError.notConverged`, as the CPU sampler throws there. Chunks hold at most half the
/// card's free memory and 2^24 particles; the chunking does not change the numbers. Every family
/// of `KernelTables` runs (isotropic, diagonal and full Gaussians, uniform boxes); the mean path
/// on request (`tracksMeanPath`), recorded paths never.
public final class CUDABackend: SamplerBackend, @unchecked Sendable {
    public let context: CUDAContext
    public let compiler: KernelCompiler
    public let precision: KernelTables.Precision
    /// Whether runs fill `SampleBatch.meanPath` (one atomic addition per particle, step and
    /// coordinate on the card: off unless wanted; `meanPath` is empty then).
    public let tracksMeanPath: Bool
    public var name: String { "cuda" }

    /// Slots the mean path's atomic sums are spread over (block index mod slots).
    static let meanPathSlots = 32

    /// Threads per block of every launch.
    static let blockSize: UInt32 = 256
    /// Most particles per launch.
    static let largestChunk = 1 << 24

    /// Loads the driver (device `ordinal`'s primary context) and NVRTC; throws their typed errors.
    public init(
        precision: KernelTables.Precision = .f64, tracksMeanPath: Bool = false, ordinal: Int32 = 0, cache: PTXCache = PTXCache()
    ) throws(CUDAError) {
        self.tracksMeanPath = tracksMeanPath
        context = try CUDAContext(driver: try CUDADriver(), ordinal: ordinal)
        compiler = KernelCompiler(nvrtc: try NVRTC.load(), cache: cache)
        self.precision = precision
    }

    public func run(_ problem: GuidedProblem, _ settings: SamplerSettings) throws -> SampleBatch {
        guard settings.recordedPaths == 0 else {
            throw ModelError(field: "recordedPaths", value: "\(settings.recordedPaths)", allowed: "0 on the CUDA backend (paths are kept by the CPU backend only)")
        }
        let tables = try KernelTables(problem: problem, settings: settings)
        let d = tables.dimension, n = settings.particles
        try SamplerKernels.validate(dimension: d)
        try context.makeCurrent()
        let source = try SamplerKernels.source(families: [tables.family.rawValue])
        let ptx = try compiler.ptx(source, architecture: context.info.architecture, dimension: d)
        let kernel = try context.loadModule(ptx: ptx).function(tables.kernelName(precision))
        let uploaded = try UploadedTables(tables, precision: precision, context: context)
        let chunk = Self.chunkSize(particles: n, dimension: d, realBytes: precision == .f64 ? 8 : 4, freeBytes: try context.memory().free)
        let positions = try RealBuffer(precision, context: context, count: chunk * d)
        let failures = try DeviceBuffer<UInt32>(context: context, count: 1)
        let rows = (settings.steps + 1) * d, slots = Self.meanPathSlots
        let meanPath = tracksMeanPath ? try DeviceBuffer<Double>(context: context, count: slots * rows) : nil
        let blocks = UInt32(max(1, min((chunk + Int(Self.blockSize) - 1) / Int(Self.blockSize), Int(context.info.multiprocessors) * 32)))
        var all: [Double] = []
        all.reserveCapacity(n * d)
        for first in stride(from: 0, to: n, by: chunk) {
            let count = min(chunk, n - first)
            let outputs = SamplerLaunch.Outputs(
                positions: positions.address, failures: failures.address, meanPath: meanPath?.address ?? 0, reductionSlots: Int32(slots))
            let params = SamplerLaunch.params(tables, addresses: uploaded.addresses, outputs: outputs, first: first, count: count)
            try kernel.launch(grid: blocks, block: Self.blockSize, argument: params)
            all += try positions.download(prefix: count * d)
        }
        let failed = try failures.download()[0]
        guard failed == 0 else {
            throw NumericsError.notConverged(routine: kernel.name, detail: "\(failed) of \(n) particles left the finite range (the CPU sampler throws there)")
        }
        let sums = try meanPath?.download() ?? []
        return SampleBatch(
            dimension: d, positions: all, times: stride(from: 0, to: tables.times.count, by: KernelTables.timeStride).map { tables.times[$0] },
            scoreEvaluations: n * settings.steps * settings.kind.evaluationsPerStep,
            meanPath: sums.isEmpty ? [] : (0..<rows).map { i in (0..<slots).reduce(0) { $0 + sums[$1 * rows + i] } / Double(n) })
    }

    /// Particles per launch: all of them, at most `largestChunk`, and at most what half of
    /// `freeBytes` holds at `dimension × realBytes` bytes each (at least 1).
    public static func chunkSize(particles: Int, dimension: Int, realBytes: Int, freeBytes: Int) -> Int {
        max(1, min(particles, largestChunk, freeBytes / 2 / max(1, dimension * realBytes)))
    }
}

/// A device buffer of reals in the run's precision, read back as doubles.
enum RealBuffer {
    case f64(DeviceBuffer<Double>)
    case f32(DeviceBuffer<Float>)

    init(_ precision: KernelTables.Precision, context: CUDAContext, count: Int) throws(CUDAError) {
        switch precision {
        case .f64: self = .f64(try DeviceBuffer(context: context, count: count))
        case .f32: self = .f32(try DeviceBuffer(context: context, count: count))
        }
    }

    init(_ precision: KernelTables.Precision, context: CUDAContext, copying values: [Double]) throws(CUDAError) {
        switch precision {
        case .f64: self = .f64(try DeviceBuffer(context: context, copying: values))
        case .f32: self = .f32(try DeviceBuffer(context: context, copying: values.map { Float($0) }))
        }
    }

    var address: UInt64 {
        switch self {
        case .f64(let buffer): return buffer.address
        case .f32(let buffer): return buffer.address
        }
    }

    func download(prefix: Int) throws(CUDAError) -> [Double] {
        switch self {
        case .f64(let buffer): return try buffer.download(prefix: prefix)
        case .f32(let buffer): return try buffer.download(prefix: prefix).map(Double.init)
        }
    }
}

/// The run's tables in device memory (freed with it) and their addresses for `SamplerLaunch`.
struct UploadedTables {
    let times: DeviceBuffer<Double>
    let bounds: DeviceBuffer<Int32>
    let reals: [RealBuffer]
    let addresses: SamplerLaunch.Tables

    init(_ tables: KernelTables, precision: KernelTables.Precision, context: CUDAContext) throws(CUDAError) {
        times = try DeviceBuffer(context: context, copying: tables.times)
        bounds = try DeviceBuffer(context: context, copying: tables.classBounds)
        var reals = [
            try RealBuffer(precision, context: context, copying: tables.noised), try RealBuffer(precision, context: context, copying: tables.means),
            try RealBuffer(precision, context: context, copying: tables.classLogWeights),
        ]
        var addresses = SamplerLaunch.Tables(
            times: times.address, noised: reals[0].address, means: reals[1].address, classLogWeights: reals[2].address, classBounds: bounds.address)
        if let error = tables.scoreError {
            reals += [try RealBuffer(precision, context: context, copying: error.direction), try RealBuffer(precision, context: context, copying: error.center)]
            (addresses.errorDirection, addresses.errorCenter) = (reals[reals.count - 2].address, reals[reals.count - 1].address)
        }
        if tables.family == .boxes {
            reals += [try RealBuffer(precision, context: context, copying: tables.millsRatio), try RealBuffer(precision, context: context, copying: tables.boxBounds)]
            (addresses.millsRatio, addresses.boxBounds) = (reals[reals.count - 2].address, reals[reals.count - 1].address)
        }
        self.reals = reals
        self.addresses = addresses
    }
}
