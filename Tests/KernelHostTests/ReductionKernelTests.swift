import Diffusion
import Foundation
import Testing

/// The kernels' reductions (particle_run.cuh: moments and histograms, summed atomically over
/// slots) against the same statistics computed in Swift from the particles the kernel returns.
struct ReductionKernelTests {
    static let histogram = HostKernelRun.Histogram(bins: 24, lower: -3, upper: 3)

    /// The histogram sampler_abi.h defines: cell 0 below `lower`, 1 + ⌊(x - lower)·scale⌋ inside,
    /// `bins + 1` at and above `upper` (and NaN).
    static func histogram(_ positions: [Double], dimension d: Int) -> [UInt32] {
        let h = histogram, cells = Int(h.bins) + 2
        var counts = [UInt32](repeating: 0, count: d * cells)
        for (index, x) in positions.enumerated() {
            let position = (x - h.lower) * h.scale
            let cell = position < 0 ? 0 : position < Double(h.bins) ? 1 + Int(position) : Int(h.bins) + 1
            counts[(index % d) * cells + cell] += 1
        }
        return counts
    }

    @Test("moments equal Swift's sums of the same particles (to 1e-12 relative) and histograms equal exactly", arguments: [
        (KernelTables.Precision.f64, 2), (.f32, 2), (.f64, 16), (.f32, 3),
    ])
    func reductions(precision: KernelTables.Precision, dimension d: Int) throws {
        let setting = KernelModels.Case(kind: .sdeEulerMaruyama, dimension: d, w: 3, variancePreserving: false, steps: 20)
        let n = 200
        let tables = try KernelTables(problem: try setting.problem(), settings: setting.settings(particles: n))
        let run = try HostKernelRun.run(tables, precision, count: n, grid: 7, block: 8, slots: 3, histogram: Self.histogram)
        for i in 0..<d {
            let column = stride(from: i, to: n * d, by: d).map { run.positions[$0] }
            let sum = column.reduce(0, +), squares = column.reduce(0) { $0 + $1 * $1 }
            #expect(abs(run.moments[i] - sum) <= 1e-12 * max(1, abs(sum)))
            #expect(abs(run.moments[d + i] - squares) <= 1e-12 * squares)
        }
        #expect(run.histogram == Self.histogram(run.positions, dimension: d))
        #expect(run.histogram.reduce(0, +) == UInt32(n * d))
    }

    @Test("the float64 mean path divided by the count equals the CPU's SampleBatch.meanPath (1e-12, floor 1)")
    func meanPath() throws {
        let setting = KernelModels.Case(kind: .ddim, dimension: 3, w: 3, variancePreserving: true, steps: 25)
        let n = 60
        let problem = try setting.problem(), settings = setting.settings(particles: n)
        let cpu = try Sampler.run(problem, settings)
        let run = try HostKernelRun.run(try KernelTables(problem: problem, settings: settings), .f64, count: n, grid: 4, block: 4, slots: 3, meanPath: true)
        #expect(run.meanPathSums.count == cpu.meanPath.count)
        #expect(SamplerKernelTests.deviation(run.meanPathSums.map { $0 / Double(n) }, cpu.meanPath) <= 1e-12)
    }
}
