import Diffusion
import KernelHost

/// One launch of a guided-sampler kernel on the host (`gl_host_launch`), its `gl_sampler_params`
/// filled from `KernelTables` as sampler_abi.h lays them out, in either precision; the outputs
/// come back as doubles.
struct HostKernelRun {
    var positions: [Double]
    /// Slot-summed Σx_i then Σx_i².
    var moments: [Double]
    /// Slot-summed counts, d rows of `bins + 2` cells.
    var histogram: [UInt32]
    var failures: UInt32
    /// Particles that ended in the support of the sampled class.
    var inSupport: UInt32
    /// Slot-summed Σ x_i per visited time, `(steps + 1) × d` (empty unless asked for).
    var meanPathSums: [Double]

    struct Histogram {
        var bins: Int32, lower: Double, upper: Double
        var scale: Double { Double(bins) / (upper - lower) }
    }

    struct LaunchFailure: Error, CustomStringConvertible {
        let status: Int32, kernel: String
        var description: String { "gl_host_launch(\(kernel)) returned \(status)" }
    }

    /// Particles `first ..< first + count` of `tables`' run, over `grid × block` simulated threads.
    static func run(
        _ tables: KernelTables, _ precision: KernelTables.Precision, count: Int, first: Int = 0, grid: Int32 = 3, block: Int32 = 5,
        slots: Int32 = 2, histogram: Histogram? = nil, start: [Double]? = nil, meanPath: Bool = false
    ) throws -> HostKernelRun {
        let launch = HostLaunch(tables, precision, count: count, first: first, slots: slots, histogram: histogram, start: start, meanPath: meanPath)
        let name = tables.kernelName(precision)
        let status = gl_host_launch(name, &launch.params, grid, block)
        guard status == GL_HOST_OK else { throw LaunchFailure(status: status, kernel: name) }
        return launch.outputs()
    }
}

/// A launch's `gl_sampler_params` and the buffers its addresses point to (freed with it).
final class HostLaunch {
    var params = gl_sampler_params()
    private let arena: Arena
    private let histogramCells: Int

    init(
        _ tables: KernelTables, _ precision: KernelTables.Precision, count: Int, first: Int = 0, slots: Int32 = 1,
        histogram: HostKernelRun.Histogram? = nil, start: [Double]? = nil, meanPath: Bool = false
    ) {
        let d = tables.dimension
        arena = Arena(precision)
        histogramCells = Int(histogram.map { $0.bins + 2 } ?? 0)
        params.dimension = Int32(d)
        params.steps = Int32(tables.steps)
        params.particle_count = UInt64(count)
        params.first_particle = UInt64(first)
        params.seed_low = UInt32(truncatingIfNeeded: tables.seed)
        params.seed_high = UInt32(truncatingIfNeeded: tables.seed >> 32)
        params.eta = tables.eta
        params.start_standard_deviation = tables.startStandardDeviation
        params.times = arena.doubles(tables.times)
        params.noised = arena.reals(tables.noised)
        params.means = arena.reals(tables.means)
        params.class_log_weights = arena.reals(tables.classLogWeights)
        params.class_bounds = arena.int32s(tables.classBounds)
        params.class_count = Int32(tables.classCount)
        params.class_index = Int32(tables.classIndex)
        params.component_count = Int32(tables.componentCount)
        if let e = tables.scoreError {
            (params.error_profile, params.error_target, params.error_scaling) = (e.profile, e.target, e.scaling)
            (params.error_level, params.error_width) = (e.level, e.width)
            params.error_direction = arena.reals(e.direction)
            params.error_center = arena.reals(e.center)
        }
        if let start { params.start_positions = arena.reals(start) }
        params.positions = arena.reals([Double](repeating: 0, count: count * d))
        params.moments = arena.doubles([Double](repeating: 0, count: Int(slots) * 2 * d))
        params.reduction_slots = slots
        if let histogram {
            params.histogram = arena.uint32s([UInt32](repeating: 0, count: Int(slots) * d * histogramCells))
            (params.histogram_bins, params.histogram_lower, params.histogram_scale) = (histogram.bins, histogram.lower, histogram.scale)
        }
        params.failures = arena.uint32s([0])
        params.in_support = arena.uint32s([0])
        if meanPath { params.mean_path = arena.doubles([Double](repeating: 0, count: Int(slots) * (tables.steps + 1) * d)) }
        if tables.family == .boxes {
            params.mills_ratio = arena.reals(tables.millsRatio)
            params.box_bounds = arena.reals(tables.boxBounds)
        }
    }

    /// The outputs, the reductions summed over the slots.
    func outputs() -> HostKernelRun {
        let d = Int(params.dimension), slots = Int(params.reduction_slots), cells = histogramCells
        let sums = arena.readDoubles(params.moments, slots * 2 * d)
        let counts = cells == 0 ? [] : arena.readUInt32s(params.histogram, slots * d * cells)
        let rows = (Int(params.steps) + 1) * d
        let path = params.mean_path == 0 ? [] : arena.readDoubles(params.mean_path, slots * rows)
        return HostKernelRun(
            positions: arena.readReals(params.positions, Int(params.particle_count) * d),
            moments: (0..<(2 * d)).map { i in (0..<slots).reduce(0) { $0 + sums[$1 * 2 * d + i] } },
            histogram: (0..<(d * cells)).map { i in (0..<slots).reduce(0) { $0 + counts[$1 * d * cells + i] } },
            failures: arena.readUInt32s(params.failures, 1)[0],
            inSupport: arena.readUInt32s(params.in_support, 1)[0],
            meanPathSums: path.isEmpty ? [] : (0..<rows).map { i in (0..<slots).reduce(0) { $0 + path[$1 * rows + i] } })
    }
}

/// Buffers that live as long as the run, addressed as the kernel's `unsigned long long`s; `reals`
/// are in the run's precision; freed with the arena.
private final class Arena {
    let precision: KernelTables.Precision
    private var buffers: [UnsafeMutableRawPointer] = []

    init(_ precision: KernelTables.Precision) { self.precision = precision }

    deinit { for buffer in buffers { buffer.deallocate() } }

    func copy<T>(_ values: [T]) -> UInt64 {
        let buffer = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        buffer.initialize(from: values, count: values.count)
        buffers.append(UnsafeMutableRawPointer(buffer))
        return UInt64(UInt(bitPattern: buffer))
    }

    func doubles(_ values: [Double]) -> UInt64 { copy(values) }
    func int32s(_ values: [Int32]) -> UInt64 { copy(values) }
    func uint32s(_ values: [UInt32]) -> UInt64 { copy(values) }
    func reals(_ values: [Double]) -> UInt64 { precision == .f64 ? copy(values) : copy(values.map { Float($0) }) }

    func readDoubles(_ address: UInt64, _ count: Int) -> [Double] { Array(UnsafeBufferPointer(start: UnsafePointer<Double>(bitPattern: UInt(address)), count: count)) }
    func readUInt32s(_ address: UInt64, _ count: Int) -> [UInt32] { Array(UnsafeBufferPointer(start: UnsafePointer<UInt32>(bitPattern: UInt(address)), count: count)) }
    func readReals(_ address: UInt64, _ count: Int) -> [Double] {
        precision == .f64 ? readDoubles(address, count) : UnsafeBufferPointer(start: UnsafePointer<Float>(bitPattern: UInt(address)), count: count).map(Double.init)
    }
}
