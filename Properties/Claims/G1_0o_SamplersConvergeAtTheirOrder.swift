import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] prerequisite, second half: the deterministic samplers converge at their order.
///
/// **Setting.** G1.0's random 1-D two-class mixtures (Gaussian and interval classes of every
/// shape), OU, w = 0, exact scores; the deterministic samplers with their orders p: `ode-euler`
/// (1), `ode-heun` (2), `ode-rk4` (4), `ddim` with η = 0 (1), `dpm-solver++2m` (2); equal steps in
/// t from T = 10 to `tEnd = 0.05`, N ∈ {100, 200, …, 1600}; 32 particles from the shared start
/// points of the case seed.
///
/// **Statement.** The sampler's error shrinks at the solver's order as the steps grow.
///
/// **Formalisation.** The error is exact, not statistical: each particle's end point is compared
/// with the same start point carried by rk8pd at tolerance 1e-12 (`ode-adaptive`), and `e_N` is
/// the largest difference. The observed order of the last doubling whose error is above the
/// floor 1e-8 (the accuracy of the quadrature-backed component's score), `log₂(e_N/e_{2N})`, must
/// be at least `p - 0.3`; a sampler already below the floor at N = 100 holds trivially and says so.
///
/// **Tolerance.** 0.3 on the order; floor 1e-8; reference 1e-12.
enum SamplersConvergeAtTheirOrder {
    static let orders: [(sampler: SamplerKind, order: Double)] = [
        (.odeEuler, 1), (.odeHeun, 2), (.odeRK4, 4), (.ddim, 1), (.dpmSolverPP2M, 2),
    ]
    static let steps = [100, 200, 400, 800, 1600]
    static let end = 0.05
    static let particles = 32
    static let floor = 1e-8

    static func order(of sampler: SamplerKind) -> Double { orders.first { $0.sampler == sampler }!.order }

    static let claim = Claim<UnguidedReproducesClassLaw.Case>(
        ClaimInfo(
            id: "G1.0o", paper: "[G1] prerequisite (the samplers converge at their order)",
            setting: "G1.0's random 1-D mixtures, OU, w = 0; ode-euler/heun/rk4, ddim η = 0, dpm-solver++2m; N = 100…1600 equal steps, T = 10 → 0.05",
            statement: "the sampler's error shrinks at the solver's order as the steps grow",
            formalisation: "max over 32 particles of |x_N - x_exact| (same start points, rk8pd at 1e-12); observed order log₂(e_N/e_2N) of the last doubling above 1e-8 ≥ p - 0.3",
            tolerance: "0.3 on the order; floor 1e-8"),
        cases: 5, edgeCases: 1,
        generate: { g in
            var c = try UnguidedReproducesClassLaw.claim.generate(&g)
            c.sampler = orders[g.int(in: 0...(orders.count - 1))].sampler
            return c
        },
        shrink: { c in UnguidedReproducesClassLaw.claim.shrink(c) },
        check: { c, context in orderVerdict(c.sampler, order: order(of: c.sampler), errors: try errors(c, context)) },
        report: { c, _, _ in CounterexampleReport(specJSON: c.spec.json()) },
        controls: [
            // Euler's errors halve with each doubling: an observed order near 1, 0.7 short of the
            // 2 - 0.3 a second-order sampler must reach.
            Control("ode-euler's errors judged as a second-order sampler's (order 1 claimed 2)") { context in
                let c = UnguidedReproducesClassLaw.Case(sampler: .odeEuler, plus: [nil], lower: 1, width: 1, mean: -1, variance: 0.5)
                return orderVerdict(c.sampler, order: 2, errors: try errors(c, context))
            },
        ])

    /// `e_N` for each N of `steps`: the largest distance over the particles between the sampler's
    /// end point and the same start point carried by rk8pd at 1e-12.
    static func errors(_ c: UnguidedReproducesClassLaw.Case, _ context: CheckContext) throws -> [Double] {
        let (mixture, schedule) = try c.spec.build()
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        func endPoints(_ kind: SamplerKind, steps: Int) throws -> [Double] {
            var settings = SamplerSettings(kind: kind, steps: steps, particles: particles, seed: context.caseSeed.value, horizon: G1Setting.horizon, end: end)
            settings.adaptiveTolerance = 1e-12
            return try Sampler.run(problem, settings).positions
        }
        let exact = try endPoints(.odeAdaptive, steps: 1)
        return try steps.map { n in zip(try endPoints(c.sampler, steps: n), exact).map { abs($0 - $1) }.max()! }
    }

    /// G1.0o's test of `sampler`'s `errors` against the order `p`: the observed order of the last
    /// doubling above the floor is at least `p - 0.3` (trivially held when none is above it).
    static func orderVerdict(_ sampler: SamplerKind, order p: Double, errors: [Double]) -> Verdict {
        var figures = [Figure("observed order", .nan, note: "\(sampler.rawValue), p = \(p)")]
        figures += zip(steps, errors).map { Figure("max error at N=\($0)", $1) }
        guard let last = (0..<(steps.count - 1)).last(where: { errors[$0 + 1] > floor }) else {
            figures[0] = Figure("observed order", .nan, note: "\(sampler.rawValue): below the floor \(floor) from N = \(steps[0])")
            return .holds(figures: figures)
        }
        let observed = log2(errors[last] / errors[last + 1])
        figures[0] = Figure("observed order", observed, note: "\(sampler.rawValue), p = \(p), N = \(steps[last])→\(steps[last + 1])")
        return .require(observed >= p - 0.3, otherwise: "\(sampler.rawValue): observed order \(observed) < \(p) - 0.3", figures: figures)
    }
}
