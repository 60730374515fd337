import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G2] Li & Jiao 2025: does the average gain hold for every sampler? (Properties/README.md G2.4)
///
/// Setting: `GaussianClasses` (as G2.2), exact scores, every sampler started from the class's
/// noised law `p_T(·|c)`, DDPM linear schedule T = 1 → tEnd = 1e-3, `p(c|x_out) := p_{tEnd}(c|x_out)`.
/// Statement (checked, not assumed): for each of the reverse SDE (Euler–Maruyama), the
/// probability-flow ODE, DDPM (ancestral) and DDIM (η = 0), `E_w[1/p(c|x_out)] < E_0` for w > 0
/// and `E_w` decreases in w.
/// Formalisation: w ∈ {0, 1, 4, 16}.
/// - ODE: exact, `GaussianClasses.exactODEExpectation` (1-D flow map + quadrature); fails when
///   some `E_{w'} - E_w > 10·(quadrature errors) + 1e-7` for w' > w.
/// - SDE, DDPM, DDIM: 100 Karras steps in t, 4000 shared start points and shared noise (common
///   random numbers across w); per sampler five paired empirical-Bernstein tests on
///   `u_{w'} - u_w ∈ [1 - B, B - 1]` (the three consecutive pairs, and (0, 4), (0, 16)); a test
///   fails when the interval's lower end is > 0 (a significant increase).
/// Tolerance: quadrature error for the ODE; α from the suite budget for the 15 Monte Carlo tests.
/// Result on the explored mixtures (25 random ones in the exploration, 2 per run here): it
/// holds for all four samplers, including w = 16.
public enum SamplersKeepTheGain {
    static let ws = [0.0, 1, 4, 16]
    static let pairs = [(0, 1), (1, 2), (2, 3), (0, 2), (0, 3)]

    public static let claim = Claim<GaussianClasses>(
        ClaimInfo(
            id: "G2.4", paper: "[G2] Li & Jiao 2025 (ICML): which sampler the guarantee covers (Properties/README.md G2.4)",
            setting: "1-D Gaussian classes, class c the widest; exact scores; SDE (EM), probability-flow ODE (exact 1-D flow map), DDPM, DDIM η = 0; start p_T(·|c); DDPM linear T = 1 → tEnd = 1e-3",
            statement: "per sampler: E_w[1/p(c|x_out)] < E_0 for w > 0, and E_w is decreasing in w",
            formalisation: "w ∈ {0, 1, 4, 16}; ODE by quadrature over the start law; SDE/DDPM/DDIM with 4000 shared start points and noise, 100 Karras steps; p(c|x_out) := p_{tEnd}(c|x_out)",
            tolerance: "ODE: increase ≤ 10× quadrature error + 1e-7; Monte Carlo: paired empirical-Bernstein tests (5 per sampler) at the budgeted α"),
        cases: 2, statisticalTestsPerCase: 15,
        generate: { g in GaussianClasses.generate(&g) },
        check: { value, context in
            var figures: [Figure] = []
            // The weakest paired-difference test: the smallest rise of E_w it detects (observed variance).
            var weakest = 0.0
            // The probability-flow ODE, exactly.
            let ode = try ws.map { try value.exactODEExpectation(w: $0) }
            figures.append(Figure("ODE E_w (w = 0, 1, 4, 16)", ode[0].value, note: ode.map { Format.g($0.value, 6) }.joined(separator: ", ") + "; 1/π_c = \(Format.g(1 / value.classPrior, 6))"))
            for (a, b) in pairs where ode[b].value - ode[a].value > 10 * (ode[a].error + ode[b].error) + 1e-7 {
                return .fails(reason: "ODE: E_w rises from \(ode[a].value) at w = \(ws[a]) to \(ode[b].value) at w = \(ws[b])", figures: figures)
            }
            // The Monte Carlo samplers, with common random numbers.
            for sampler in ["sde-em", "ddpm", "ddim"] {
                let values = try endValues(value, sampler: sampler, context: context)
                if let failure = try riseFailure(sampler, values: values, bound: value.endBound, alpha: context.alpha, figures: &figures, weakest: &weakest) {
                    return .fails(reason: failure, figures: figures)
                }
            }
            figures.append(.detects("mean", weakest))
            return .holds(figures: figures)
        },
        report: { value, _, _ in CounterexampleReport(specJSON: value.specJSON) },
        controls: [
            // E_w falls with w on G2.3's example, so read from w = 16 down to 0 it rises by the
            // gain itself: the paired tests must see that rise.
            Control("G2.3's example: the SDE's E_w read with the w grid reversed (16, 4, 1, 0)") { context in
                var figures: [Figure] = [], weakest = 0.0
                let example = GainIsNotPerSample.example
                let values = try endValues(example, sampler: "sde-em", context: context)
                return try riseFailure("sde-em", values: values.reversed(), bound: example.endBound, alpha: context.alpha, figures: &figures, weakest: &weakest)
                    .map { .fails(reason: $0, figures: figures) } ?? .holds(figures: figures)
            },
        ]
    )

    /// `1/p_{tEnd}(c|x_out)` of each particle for the Monte Carlo `sampler` ("sde-em", "ddpm" or
    /// "ddim"), one array per w of `ws`: `4000 × profile` shared start points from `p_T(·|c)`
    /// and shared noise, 100 Karras steps.
    static func endValues(_ value: GaussianClasses, sampler: String, context: CheckContext) throws -> [[Double]] {
        let mixture = try value.mixture()
        let n = context.particles(base: 4000)
        let start = try value.classStart(count: n, seed: context.caseSeed.value)
        let noiseSeed = RandomStream.derive(seed: context.caseSeed.value, index: 1)
        let times = GaussianClasses.times(steps: 100)
        return try ws.map { w in
            let problem = try GuidedProblem(mixture: mixture, schedule: GaussianClasses.schedule, classIndex: 0, w: w)
            if sampler == "sde-em" {
                return try PosteriorDeficit.run(problem, times: times, start: start, seed: noiseSeed).endValues
            }
            var settings = SamplerSettings(kind: sampler == "ddpm" ? .ddpm : .ddim, steps: 100, particles: n, seed: noiseSeed,
                                           horizon: GaussianClasses.horizon, end: GaussianClasses.end, grid: .karras)
            settings.eta = 0
            return try value.endValues(try Sampler.run(problem, settings, start: start).positions)
        }
    }

    /// The paired empirical-Bernstein tests of G2.4 and G2.4c at `alpha` on one sampler's
    /// `values` (one array per w of `ws`, each in `[1, bound]`, from shared start points and
    /// noise): a pair of `pairs` whose difference `u_{w'} - u_w` has its lower confidence end
    /// above 0 is a significant rise of E_w. Why it fails, or nil; the sampler's E_w are appended
    /// to `figures`, and `weakest` is raised to the smallest rise the weakest of its tests detects.
    static func riseFailure(_ sampler: String, ws: [Double] = ws, pairs: [(Int, Int)] = pairs, values: [[Double]], bound: Double, alpha: Double,
                            figures: inout [Figure], weakest: inout Double) throws -> String? {
        let n = values[0].count
        let means = values.map { $0.reduce(0, +) / Double(n) }
        figures.append(Figure("\(sampler) E_w (w = \(ws.map { Format.g($0) }.joined(separator: ", ")))", means[0], note: means.map { Format.g($0, 5) }.joined(separator: ", ")))
        for (a, b) in pairs {
            let differences = (0..<n).map { values[b][$0] - values[a][$0] }
            let d = try EmpiricalBernstein(differences, range: (1 - bound)...(bound - 1), alpha: alpha)
            weakest = max(weakest, try DetectableDiscrepancy.empiricalBernstein(differences, range: (1 - bound)...(bound - 1), alpha: alpha, beta: Profile.beta))
            if d.lower > 0 {
                return "\(sampler): E_w rises from \(Format.g(means[a])) at w = \(ws[a]) to \(Format.g(means[b])) at w = \(ws[b]) (paired difference \(Format.g(d.mean)) ± \(Format.g(d.radius, 3)))"
            }
        }
        return nil
    }
}
