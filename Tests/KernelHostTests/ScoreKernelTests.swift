import Diffusion
import Foundation
import GuidanceNumerics
import KernelHost
import Testing

/// The kernels' guided score (guided_score.cuh) at single points against the CPU's
/// `GuidedField.score`, including points far in the tails where a class is e^{-400} and more
/// below the others (the per-class shift keeps its score exact).
struct ScoreKernelTests {
    @Test("the float64 guided score equals the CPU's within 1e-13 (relative to max(1, |g|)) over times, points and families", arguments: [
        (1, KernelModels.Shape.isotropic), (2, .isotropic), (2, .diagonal), (3, .diagonal), (3, .full), (16, .isotropic), (16, .diagonal), (16, .full), (1, .boxes), (2, .boxes), (16, .boxes),
    ])
    func guidedScore(dimension d: Int, shape: KernelModels.Shape) throws {
        let problem = try GuidedProblem(mixture: try KernelModels.mixture(dimension: d, shape: shape), schedule: .ou, classIndex: 0, w: 3)
        let settings = SamplerSettings(kind: .odeEuler, steps: 20, particles: 1, seed: 1)
        let tables = try KernelTables(problem: problem, settings: settings)
        var stream = RandomStream(seed: 3, stream: UInt64(d))
        var worst = 0.0
        let launch = HostLaunch(tables, .f64, count: 0)
        for row in 0...20 {
            let field = try problem.field(at: tables.times[row * KernelTables.timeStride])
            var scratch = field.noised.makeScratch()
            for radius in [0.5, 3, 40] {
                let x = (0..<d).map { _ in radius * (2 * stream.nextUniform() - 1) }
                var expected = [Double](repeating: 0, count: d), got = [Double](repeating: 0, count: d)
                try x.withUnsafeBufferPointer { xp in
                    try expected.withUnsafeMutableBufferPointer { try field.score(xp, into: $0, scratch: &scratch) }
                }
                #expect(gl_host_guided_score_f64(tables.family.rawValue, &launch.params, Int32(row), x, &got) == 1)
                worst = max(worst, SamplerKernelTests.deviation(got, expected))
            }
        }
        #expect(worst <= 1e-13, "deviation \(worst)")
    }
}
