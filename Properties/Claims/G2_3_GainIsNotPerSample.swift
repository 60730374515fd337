import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G2] Li & Jiao 2025: the gain is on average only (Properties/README.md G2.3).
///
/// Setting: as G2.2 (exact scores, guided reverse SDE from `p_T(·|c)`, Euler–Maruyama, DDPM
/// linear schedule T = 1 → tEnd = 1e-3, `p(c|x_out) := p_{tEnd}(c|x_out)`), with shared start
/// points and shared noise between w and w = 0.
/// Statement: guidance does not raise `p(c|x)` for every sample: some end with a lower class
/// posterior under guidance than without, while the mean of `1/p(c|x)` falls.
/// Formalisation: the named example `example` below (found in the exploration of G2.2's
/// mixtures: the guided class N(0, 1) between N(1.2, 0.3) and N(-1, 0.2); shares of worse
/// samples were 25%, 23%, 19%, 12%, 8% at w = 0.5, 1, 2, 4, 8), at w = 1, 8000 particles,
/// 100 Karras steps. Two tests per case at the budgeted α: the share of samples with
/// `p_w(c|x) < p_0(c|x)` is at least 15% (Hoeffding: fails when the upper confidence end is
/// below 0.15), and `E_w - E_0 < 0` (paired empirical Bernstein on `u_w - u_0 ∈ [1 - B, B - 1]`:
/// fails when the lower end is ≥ 0).
/// Tolerance: statistical only (α from the suite budget).
public enum GainIsNotPerSample {
    /// The named example: class weights 0.4 : 0.6 : 0.3, class c = N(0, 1).
    public static let example = GaussianClasses(
        classWeights: [0.4, 0.6, 0.3],
        pieces: [
            [.init(weight: 1, mean: 0, variance: 1)],
            [.init(weight: 1, mean: 1.2, variance: 0.3)],
            [.init(weight: 1, mean: -1, variance: 0.2)],
        ])
    public static let w = 1.0
    public static let statedShare = 0.15

    public struct Case: Codable, Sendable, Equatable {
        public var example: GaussianClasses
        public var w: Double
    }

    public static let claim = Claim<Case>(
        ClaimInfo(
            id: "G2.3", paper: "[G2] Li & Jiao 2025 (ICML): the improvement is in expectation, not per sample (Properties/README.md G2.3)",
            setting: "named example: π = (0.4, 0.6, 0.3)/1.3, class c = N(0, 1), others N(1.2, 0.3) and N(-1, 0.2); guided SDE from p_T(·|c), shared noise, DDPM linear T = 1 → tEnd = 1e-3",
            statement: "with shared noise, a share of samples ends with lower p(c|x) under guidance (w = 1) than without, while E[1/p(c|x)] falls",
            formalisation: "8000 particles, 100 Karras steps (Euler–Maruyama), p(c|x) := p_{tEnd}(c|x); share of p_w(c|x) < p_0(c|x) and paired mean of u_w - u_0",
            tolerance: "share ≥ 15% (Hoeffding) and E_w - E_0 < 0 (empirical Bernstein), each at the budgeted α"),
        cases: 2, edgeCases: 0, statisticalTestsPerCase: 2,
        generate: { _ in Case(example: example, w: w) },
        check: { value, context in
            let example = value.example
            let mixture = try example.mixture()
            let times = GaussianClasses.times(steps: 100)
            let n = context.particles(base: particles)
            let start = try example.classStart(count: n, seed: context.caseSeed.value)
            let noiseSeed = RandomStream.derive(seed: context.caseSeed.value, index: 1)
            let plain = try PosteriorDeficit.run(try GuidedProblem(mixture: mixture, schedule: GaussianClasses.schedule, classIndex: 0, w: 0), times: times, start: start, seed: noiseSeed)
            let guided = try PosteriorDeficit.run(try GuidedProblem(mixture: mixture, schedule: GaussianClasses.schedule, classIndex: 0, w: value.w), times: times, start: start, seed: noiseSeed)
            let worse = (0..<n).filter { guided.endValues[$0] > plain.endValues[$0] }.count
            let share = Double(worse) / Double(n)
            let shareRadius = try GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: 1, alpha: context.alpha)
            let bound = example.endBound
            let difference = try EmpiricalBernstein((0..<n).map { guided.endValues[$0] - plain.endValues[$0] }, range: (1 - bound)...(bound - 1), alpha: context.alpha)
            let figures = [
                Figure("share with lower p(c|x)", share, note: "± \(Format.g(shareRadius, 3)) (Hoeffding), stated ≥ \(statedShare)"),
                Figure("E_0[1/p(c|x)]", plain.endValues.reduce(0, +) / Double(n), note: "1/π_c = \(Format.g(1 / example.classPrior))"),
                Figure("E_w[1/p(c|x)]", guided.endValues.reduce(0, +) / Double(n), note: "w = \(value.w)"),
                Figure("E_w - E_0", difference.mean, note: "± \(Format.g(difference.radius, 3)) (paired EB)"),
                .detects("share", try DetectableDiscrepancy.hoeffding(sampleSize: n, width: 1, alpha: context.alpha, beta: Profile.beta)),
            ]
            if let shortfall = try shareShortfall(share, count: n, alpha: context.alpha) {
                return .fails(reason: shortfall, figures: figures)
            }
            return .require(difference.lower < 0, otherwise: "E_w - E_0 = \(difference.mean) ± \(difference.radius) is not negative", figures: figures)
        },
        report: { value, _, _ in CounterexampleReport(specJSON: value.example.specJSON) },
        detects: { profile, alpha in
            // The share test's; the paired mean's (empirical Bernstein) depends on the observed variance.
            .detects("share", try DetectableDiscrepancy.hoeffding(sampleSize: profile.particles(base: particles), width: 1, alpha: alpha, beta: Profile.beta))
        },
        controls: [
            // Samples that end worse with probability statedShare - Δ (Δ the share test's
            // detectable size): the share test must find too few.
            Control("a share of worse samples the detectable amount below the stated 15%") { context in
                let n = context.particles(base: particles)
                let p = statedShare - (try DetectableDiscrepancy.hoeffding(sampleSize: n, width: 1, alpha: context.alpha, beta: Profile.beta))
                var stream = context.stream()
                let share = Double((0..<n).filter { _ in stream.nextUniform() < p }.count) / Double(n)
                return try shareShortfall(share, count: n, alpha: context.alpha).map { .fails(reason: $0, figures: []) }
                    ?? .holds(figures: [Figure("share", share, note: "drawn at \(Format.g(p, 3))")])
            },
        ]
    )

    /// The share test: why `share` of `count` samples is below the stated share beyond the
    /// Hoeffding radius at `alpha`, or nil when it is not.
    static func shareShortfall(_ share: Double, count n: Int, alpha: Double) throws -> String? {
        let radius = try GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: 1, alpha: alpha)
        return share + radius < statedShare ? "only \(share) of samples end with lower p(c|x) (stated ≥ \(statedShare), Hoeffding radius \(Format.g(radius, 3)))" : nil
    }

    /// Samples per case at ci (× the profile's particle factor).
    static let particles = 8000
}
