import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G2] Li & Jiao 2025, Properties/README.md G2.4 for coarse discretisations: a known counterexample.
///
/// Setting: the named example of G2.3 (π ∝ 0.4 : 0.6 : 0.3, class c = N(0, 1) between
/// N(1.2, 0.3) and N(-1, 0.2); `1/p_t(c|x) ≤ B ≈ 12`), exact scores, every sampler started from
/// `p_T(·|c)`, DDPM linear schedule T = 1 → tEnd = 1e-3, `p(c|x_out) := p_{tEnd}(c|x_out)`,
/// Karras grids in t with few steps: DDIM (η = 0) and DDPM with 5 steps, probability-flow Euler
/// with 10 steps.
/// Statement (G2.4's, per sampler): `E_w[1/p(c|x_out)] < E_0` for w > 0, and `E_w` decreasing in w.
/// Formalisation: w ∈ {0, 1, 2, 4, 8, 16}; 8000 shared start points and shared noise; per
/// sampler eight paired empirical-Bernstein tests on `u_{w'} - u_w ∈ [1 - B, B - 1]` (the five
/// consecutive pairs, and (0, 4), (0, 8), (0, 16)); a significant increase (lower end > 0) is a
/// counterexample.
/// Found (exploration, 4000 particles): DDIM-5 gives E_w = 2.60, 2.10, 2.01, 2.20, 3.12, 1.03 at
/// w = 0, 1, 2, 4, 8, 16 (rises after w = 2 and exceeds E_0 at w = 8); DDPM-5 1.89 → 2.12
/// between w = 2 and 4; Euler-10 1.58 → 1.99 between w = 8 and 16. With 100 steps (G2.4) every
/// sampler is monotone: the failure is the discretisation's, not guidance's.
public enum CoarseSamplersLoseMonotonicity {
    public struct Case: Codable, Sendable, Equatable {
        public var example: GaussianClasses
    }

    static let ws = [0.0, 1, 2, 4, 8, 16]
    static let pairs = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (0, 3), (0, 4), (0, 5)]
    static let samplers: [(kind: SamplerKind, steps: Int)] = [(.ddim, 5), (.ddpm, 5), (.odeEuler, 10)]

    public static let claim = Claim<Case>(
        ClaimInfo(
            id: "G2.4c", paper: "[G2] Li & Jiao 2025 (ICML): which sampler the guarantee covers, coarse discretisations (Properties/README.md G2.4)",
            setting: "named example of G2.3; exact scores; DDIM η = 0 and DDPM with 5 Karras steps, probability-flow Euler with 10; start p_T(·|c); DDPM linear T = 1 → tEnd = 1e-3",
            statement: "per sampler: E_w[1/p(c|x_out)] < E_0 for w > 0, and E_w is decreasing in w",
            formalisation: "w ∈ {0, 1, 2, 4, 8, 16}; 8000 shared start points and noise; p(c|x_out) := p_{tEnd}(c|x_out); 8 paired empirical-Bernstein tests per sampler",
            tolerance: "a paired difference whose lower confidence end is > 0 at the budgeted α is a counterexample",
            expectation: .knownCounterexample("DDIM with 5 steps: E_w = 2.60, 2.10, 2.01, 2.20, 3.12, 1.03 at w = 0, 1, 2, 4, 8, 16 (above E_0 at w = 8); DDPM-5 rises 1.89 → 2.12 (w = 2 → 4); Euler-10 rises 1.58 → 1.99 (w = 8 → 16)")),
        cases: 1, edgeCases: 0, statisticalTestsPerCase: 24,
        generate: { _ in Case(example: GainIsNotPerSample.example) },
        check: { value, context in
            var figures: [Figure] = []
            // The weakest paired-difference test: the smallest rise of E_w it detects (observed variance).
            var weakest = 0.0
            var firstFailure: String?
            for (kind, steps) in samplers {
                let failure = try riseFailure(value.example, kind: kind, steps: steps, values: try endValues(value.example, kind: kind, steps: steps, context: context),
                                              alpha: context.alpha, figures: &figures, weakest: &weakest)
                firstFailure = firstFailure ?? failure
            }
            figures.append(.detects("mean", weakest))
            if let firstFailure { return .fails(reason: firstFailure, figures: figures) }
            return .holds(figures: figures)
        },
        report: { value, _, _ in CounterexampleReport(specJSON: value.example.specJSON) },
        controls: [
            // DDIM-5's E_w falls from 3.12 at w = 8 to 1.03 at w = 16: read from w = 16 down to 0,
            // its first pair rises by about 2, ten times the paired test's radius.
            Control("DDIM with 5 steps, its E_w read with the w grid reversed (16, 8, 4, 2, 1, 0)") { context in
                var figures: [Figure] = [], weakest = 0.0
                let example = GainIsNotPerSample.example
                let values = try endValues(example, kind: .ddim, steps: 5, context: context)
                return try riseFailure(example, kind: .ddim, steps: 5, values: values.reversed(), alpha: context.alpha, figures: &figures, weakest: &weakest)
                    .map { .fails(reason: $0, figures: figures) } ?? .holds(figures: figures)
            },
        ]
    )

    /// `1/p_{tEnd}(c|x_out)` of each particle for `kind` with `steps` Karras steps, one array per
    /// w of `ws`: `8000 × profile` shared start points from `p_T(·|c)` and shared noise.
    static func endValues(_ example: GaussianClasses, kind: SamplerKind, steps: Int, context: CheckContext) throws -> [[Double]] {
        let mixture = try example.mixture()
        let n = context.particles(base: 8000)
        let start = try example.classStart(count: n, seed: context.caseSeed.value)
        let noiseSeed = RandomStream.derive(seed: context.caseSeed.value, index: 1)
        return try ws.map { w in
            let problem = try GuidedProblem(mixture: mixture, schedule: GaussianClasses.schedule, classIndex: 0, w: w)
            let settings = SamplerSettings(kind: kind, steps: steps, particles: n, seed: noiseSeed,
                                           horizon: GaussianClasses.horizon, end: GaussianClasses.end, grid: .karras)
            return try example.endValues(try Sampler.run(problem, settings, start: start).positions)
        }
    }

    /// G2.4's paired tests (`SamplersKeepTheGain.riseFailure`) on G2.4c's w grid and pairs.
    static func riseFailure(_ example: GaussianClasses, kind: SamplerKind, steps: Int, values: [[Double]], alpha: Double,
                            figures: inout [Figure], weakest: inout Double) throws -> String? {
        try SamplersKeepTheGain.riseFailure("\(kind.rawValue)-\(steps)", ws: ws, pairs: pairs, values: values, bound: example.endBound, alpha: alpha,
                                            figures: &figures, weakest: &weakest)
    }
}
