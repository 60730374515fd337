import Diffusion
import Foundation
import Testing

/// The guided-sampler kernels, compiled for the host, against the Swift CPU sampler
/// (`Sampler.run`) on the same mixtures, schedules, seeds and steps: the same start points and
/// noise keys, so every sampler, stochastic ones included, is compared path by path.
struct SamplerKernelTests {
    /// `max_i |a_i - b_i| / max(1, |b_i|)`.
    static func deviation(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
    }

    static let particles = 40

    @Test("float64 kernels give the CPU sampler's particles within 1e-12 (relative, floor 1) after 100 steps", arguments: KernelModels.cases)
    func float64(_ setting: KernelModels.Case) throws {
        let problem = try setting.problem(), settings = setting.settings(particles: Self.particles)
        let cpu = try Sampler.run(problem, settings)
        let host = try HostKernelRun.run(try KernelTables(problem: problem, settings: settings), .f64, count: Self.particles)
        #expect(host.failures == 0)
        let inside = (0..<Self.particles).filter { p in
            cpu.positions[(p * setting.dimension)..<((p + 1) * setting.dimension)].withUnsafeBufferPointer { problem.mixture.classContains(0, $0) }
        }
        #expect(host.inSupport == UInt32(inside.count), "in-support count")
        let deviation = Self.deviation(host.positions, cpu.positions)
        print("float64 \(setting): deviation \(deviation)")
        #expect(deviation <= 1e-12, "\(setting): deviation \(deviation)")
    }

    /// Float32 rounds each step at 2⁻²⁴ ≈ 6e-8 relative and its start and noise normals are the
    /// double ones to about 1e-7 (PhiloxKernelTests); over 100 steps the errors add up to about
    /// 100 · 6e-8 ≈ 6e-6. Measured on these cases (40 particles each, 2026-12-07): 7e-7 to 6.0e-6
    /// (DDIM, d = 16). The bound, 5e-5, leaves room for the rare start normal near u₁ = 1 (off by
    /// up to 3.5e-4 absolute before the flow contracts it).
    @Test("float32 kernels give the CPU sampler's particles within 5e-5 (relative, floor 1) after 100 steps", arguments: [
        KernelModels.Case(kind: .odeHeun, dimension: 2, w: 3, variancePreserving: false),
        KernelModels.Case(kind: .odeHeun, dimension: 16, w: 3, variancePreserving: false),
        KernelModels.Case(kind: .odeEuler, dimension: 1, w: 0, variancePreserving: true),
        KernelModels.Case(kind: .sdeEulerMaruyama, dimension: 2, w: 3, variancePreserving: false),
        KernelModels.Case(kind: .ddim, dimension: 16, w: 3, variancePreserving: true),
        KernelModels.Case(kind: .ddpm, dimension: 2, w: 0, variancePreserving: true, shape: .diagonal),
        KernelModels.Case(kind: .odeHeun, dimension: 16, w: 3, variancePreserving: false, shape: .full),
        KernelModels.Case(kind: .sdeEulerMaruyama, dimension: 2, w: 3, variancePreserving: true, shape: .boxes),
    ])
    func float32(_ setting: KernelModels.Case) throws {
        let problem = try setting.problem(), settings = setting.settings(particles: Self.particles)
        let cpu = try Sampler.run(problem, settings)
        let host = try HostKernelRun.run(try KernelTables(problem: problem, settings: settings), .f32, count: Self.particles)
        #expect(host.failures == 0)
        let deviation = Self.deviation(host.positions, cpu.positions)
        print("float32 \(setting): deviation \(deviation)")
        #expect(deviation <= 5e-5, "\(setting): deviation \(deviation)")
    }

    @Test("a score error (constant, bump, slab; conditional, unconditional; absolute, 1/s²) moves the kernel as it moves the CPU (1e-12)", arguments: [
        try! ScoreErrorModel(level: 0.3, direction: [1, -0.5], profile: .constant),
        try! ScoreErrorModel(level: 0.8, direction: [0.2, 1], profile: .bump(center: [1, 0.5], width: 0.7), target: .unconditional),
        try! ScoreErrorModel(level: 0.1, direction: [1, 1], profile: .slab(center: [0.5, 0], width: 0.4), scaling: .inverseVariance),
    ])
    func scoreError(_ error: ScoreErrorModel) throws {
        let setting = KernelModels.Case(kind: .odeHeun, dimension: 2, w: 3, variancePreserving: true)
        let problem = try setting.problem(scoreError: error), settings = setting.settings(particles: Self.particles)
        let cpu = try Sampler.run(problem, settings)
        let host = try HostKernelRun.run(try KernelTables(problem: problem, settings: settings), .f64, count: Self.particles)
        let deviation = Self.deviation(host.positions, cpu.positions)
        #expect(deviation <= 1e-12, "deviation \(deviation)")
        let unperturbed = try Sampler.run(try setting.problem(), settings)
        #expect(Self.deviation(unperturbed.positions, cpu.positions) > 1e-6, "the error moves the CPU's particles")
    }

    @Test("launches over chunks of particles (first_particle) give the one launch's particles bit for bit")
    func chunks() throws {
        let setting = KernelModels.Case(kind: .sdeEulerMaruyama, dimension: 3, w: 3, variancePreserving: false, steps: 30)
        let tables = try KernelTables(problem: try setting.problem(), settings: setting.settings(particles: 30))
        let whole = try HostKernelRun.run(tables, .f64, count: 30, grid: 2, block: 4)
        let first = try HostKernelRun.run(tables, .f64, count: 11, grid: 1, block: 3)
        let rest = try HostKernelRun.run(tables, .f64, count: 19, first: 11, grid: 4, block: 2)
        #expect((first.positions + rest.positions).map(\.bitPattern) == whole.positions.map(\.bitPattern))
    }

    @Test("a non-finite start point fails that particle alone: counted, NaN out, left out of the moments")
    func failure() throws {
        let setting = KernelModels.Case(kind: .odeEuler, dimension: 2, w: 3, variancePreserving: false, steps: 10)
        let settings = setting.settings(particles: 6)
        let tables = try KernelTables(problem: try setting.problem(), settings: settings)
        var start = Sampler.startPoints(count: 6, dimension: 2, seed: 1, standardDeviation: 1)
        start[7] = .infinity
        let run = try HostKernelRun.run(tables, .f64, count: 6, start: start)
        #expect(run.failures == 1)
        #expect(run.positions[6].isNaN && run.positions[7].isNaN)
        #expect(run.positions.enumerated().allSatisfy { $0.offset / 2 == 3 || $0.element.isFinite })
        let kept = run.positions.enumerated().filter { $0.offset / 2 != 3 && $0.offset % 2 == 0 }.map(\.element)
        #expect(abs(run.moments[0] - kept.reduce(0, +)) <= 1e-12 * max(1, abs(run.moments[0])))
    }
}
