import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G3] Wang & Vastola 2024: the probability flow of Gaussian data in closed form (Properties/README.md G3.1).
///
/// Setting: data `N(μ, S)`, `S = Σ_k l_k u_k u_kᵀ` positive semi-definite; VE (EDM, σ from 80)
/// and VP (DDPM linear, t from 1) probability-flow ODEs.
/// Statement: `x(σ) = μ + Σ_k sqrt((l_k + σ²)/(l_k + σ_T²)) u_k u_kᵀ (x_T - μ)` (directions with
/// `l_k = 0` scale by `σ/σ_T`), and `x_t = m x^{VE}(s/m)` for VP.
/// Formalisation: d ∈ [1, 16], S = B Bᵀ with B of rank r ∈ [0, d] (so d - r zero-variance
/// directions, r = 0 included), μ ∈ [-2, 2]^d, a start point from the sampler's start law; the
/// closed form (`GaussianFlow`, through the Jacobi eigendecomposition) against GSL's rk8pd on
/// the velocity `f x + ½ g² (m² S + s² I)⁻¹ (x - m μ)` (Cholesky solves, tolerance 1e-13), at
/// four times down to the schedule's end (σ = 0.002, resp. t = 1e-3).
/// Tolerance: `‖x_ode - x_closed‖∞ ≤ 1e-8·max(1, ‖x_T‖∞/σ_T)` (absolute 1e-8 at unit-scale starts).
public enum GaussianFlowClosedForm {
    public struct Case: Codable, Sendable, Equatable {
        public var data: GaussianData
        public var variancePreserving: Bool
        /// The start point in units of the start law's standard deviation.
        public var start: [Double]
    }

    public static let claim = Claim<Case>(
        ClaimInfo(
            id: "G3.1", paper: "[G3] Wang & Vastola 2024 (TMLR), Gaussian solution of the probability-flow ODE (Properties/README.md G3.1)",
            setting: "Gaussian data N(μ, S) in d ≤ 16, S positive semi-definite with zero-variance directions; VE (EDM) and VP (DDPM linear)",
            statement: "x(σ) = μ + Σ_k sqrt((l_k + σ²)/(l_k + σ_T²)) u_k u_kᵀ (x_T - μ); VP by x_t = m x^{VE}(s/m)",
            formalisation: "random d ∈ [1, 16], rank r ∈ [0, d], μ, start; closed form by Jacobi eigendecomposition vs rk8pd (tolerance 1e-13) on the Cholesky-solved velocity, at 4 times",
            tolerance: "sup-norm difference ≤ 1e-8·max(1, ‖x_T‖∞/σ_T)"),
        cases: 30,
        generate: { g in
            let data = GaussianData.generate(&g, dimension: 1...16)
            return Case(data: data, variancePreserving: g.bool(), start: (0..<data.dimension).map { _ in g.normal() })
        },
        check: { value, _ in try closedFormCheck(value, closedFormMean: value.data.mean) },
        controls: [
            // At the end the closed form of N(μ + δ, S) is off that of N(μ, S) by δ(1 - 0.0125)
            // (l = 1, σ from 80): twice the tolerance of a unit-scale start.
            Control("N(0.5, 1) under VE, the closed form's mean off by 2e-8 (twice the tolerance)") { _ in
                let value = Case(data: GaussianData(mean: [0.5], factor: [1], rank: 1), variancePreserving: false, start: [0.5])
                return try closedFormCheck(value, closedFormMean: [0.5 + 2e-8])
            },
        ]
    )

    /// G3.1's test of the case: the closed form of `N(closedFormMean, S)` (the data's own mean
    /// but in a control) against rk8pd on the data's velocity, at four times.
    static func closedFormCheck(_ value: Case, closedFormMean: [Double]) throws -> Verdict {
        let schedule: NoiseSchedule = value.variancePreserving ? .ddpmLinear : .edm
        let (horizon, end) = value.variancePreserving ? (1.0, 1e-3) : (80.0, 0.002)
        let sdStart = schedule.startStandardDeviation(horizon: horizon)
        let x0 = value.start.map { $0 * sdStart }
        let flow = try MomentMatchedGaussian(mean: closedFormMean, covariance: value.data.covariance).flow
        let times = [horizon, horizon * 0.1, horizon * 0.01, end]
        let states = try AdaptiveODE.solve(value.data.velocity(schedule: schedule), initial: x0, from: horizon, to: times,
                                           absoluteTolerance: 1e-13, relativeTolerance: 1e-13)
        var worst = 0.0
        for (t, state) in zip(times, states) {
            let exact = flow.map(x0, from: horizon, to: t, schedule: schedule)
            worst = max(worst, zip(exact, state).map { abs($0 - $1) }.max()!)
        }
        let tolerance = 1e-8 * max(1, (x0.map(abs).max() ?? 0) / schedule.s(horizon))
        return .require(worst <= tolerance, otherwise: "closed form and ODE differ by \(worst) (d = \(value.data.dimension), rank \(value.data.rank))",
                        figures: [Figure("sup |x_ode - x_closed|", worst, note: "tolerance \(Format.g(tolerance, 3)); d = \(value.data.dimension), zero-variance directions \(value.data.dimension - value.data.rank), \(value.variancePreserving ? "VP" : "VE")")])
    }
}
