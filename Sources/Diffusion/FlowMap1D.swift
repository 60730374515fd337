import Foundation
import GuidanceNumerics

/// The exact output law of the guided probability-flow ODE in one dimension (Properties/README.md §1).
///
/// In 1-D the flow `F: x_T ↦ x_tEnd` is increasing, so with the start law `N(0, σ²)`
/// ```
/// P(x_out ≤ F(y)) = Φ(y/σ),     quantile(q) = F(σ Φ⁻¹(q)),     P(x_out > x) = Q(F⁻¹(x)/σ)
/// ```
/// Each value costs one adaptive ODE solve (rk8pd at `tolerance`), and inverse questions one
/// Brent root search on F. Tail probabilities are returned through `Q`, accurate down to 1e-300.
/// The output law is that of the sampler started from `N(0, σ²)` (not from `p_T`), as the
/// samplers do: the start mismatch is part of what is computed.
public struct FlowMap1D: Sendable {
    public let problem: GuidedProblem
    public let horizon: Double
    public let end: Double
    public let tolerance: Double
    public let startStandardDeviation: Double
    /// The most solver steps one solve `map(y)` may take (`ProbabilityFlowODE.solve`); past it
    /// the solve throws. The default lets every claim's solves run to their tolerance; the fuzz
    /// targets give a small budget so that an input costs bounded time.
    public let maxSteps: Int
    private let ode: ProbabilityFlowODE

    public init(problem: GuidedProblem, horizon: Double? = nil, end: Double? = nil, tolerance: Double = 1e-10, maxSteps: Int = 1_000_000) throws {
        guard problem.mixture.dimension == 1 else {
            throw ModelError(field: "dimension", value: "\(problem.mixture.dimension)", allowed: "1 (the exact flow map is one-dimensional)")
        }
        let schedule = problem.schedule
        self.horizon = horizon ?? schedule.defaultHorizon
        self.end = end ?? schedule.defaultEnd
        try Limits.checkTimes(horizon: self.horizon, end: self.end, schedule: schedule)
        try Limits.checkTolerance(tolerance)
        self.problem = problem
        self.tolerance = tolerance
        guard maxSteps >= 1 else { throw ModelError(field: "maxSteps", value: "\(maxSteps)", allowed: "an integer ≥ 1") }
        self.maxSteps = maxSteps
        self.startStandardDeviation = schedule.startStandardDeviation(horizon: self.horizon)
        self.ode = ProbabilityFlowODE(problem: problem)
    }

    /// `F(y)`: the output of the ODE started at `y` at time T.
    public func map(_ y: Double) throws -> Double {
        try ode.solve(from: [y], at: [horizon, end], tolerance: tolerance, maxSteps: maxSteps)[1][0]
    }

    /// The output's q-quantile, `F(σ Φ⁻¹(q))`, for `0 < q < 1`.
    public func quantile(_ q: Double) throws -> Double {
        guard q > 0, q < 1 else { throw ModelError(field: "quantile", value: "\(q)", allowed: "a number in (0, 1)") }
        return try map(startStandardDeviation * Normal.quantile(q))
    }

    /// How far out (in units of σ) inverse questions look: `log Φ(-1e3) ≈ -5e5`, so tail
    /// probabilities down to `e^{-500000}` are resolved (through `logCDF`), far below what double
    /// precision holds as a probability.
    public static let startLimit = 1e3

    /// The start point whose image is x, in units of σ (`z = F⁻¹(x)/σ`), clamped to
    /// `±startLimit`. The bracket starts at `[-8, 8]` and doubles outwards only as far as needed
    /// (far start points cost long solves when w is large).
    public func startQuantile(of x: Double) throws -> Double {
        let sigma = startStandardDeviation
        var lower = -8.0, upper = 8.0
        while try map(lower * sigma) > x {
            if lower <= -FlowMap1D.startLimit { return -FlowMap1D.startLimit }
            upper = lower
            lower = max(2 * lower, -FlowMap1D.startLimit)
        }
        while try map(upper * sigma) < x {
            if upper >= FlowMap1D.startLimit { return FlowMap1D.startLimit }
            lower = upper
            upper = min(2 * upper, FlowMap1D.startLimit)
        }
        var failure: Error?
        do {
            return try BrentRoot.solve({ z in
                do { return try map(z * sigma) - x } catch {
                    failure = error
                    return .nan
                }
            }, lower: lower, upper: upper, absoluteTolerance: 1e-10, relativeTolerance: 1e-12).value
        } catch {
            throw failure ?? error
        }
    }

    /// `P(x_out ≤ x)`.
    public func cdf(_ x: Double) throws -> Double { Normal.cdf(try startQuantile(of: x)) }

    /// `P(x_out > x)`, accurate in the far tail.
    public func survival(_ x: Double) throws -> Double { Normal.survival(try startQuantile(of: x)) }

    /// The smallest log tail the map resolves, `log Φ(-startLimit)` (about -5e5): a start point
    /// beyond `±startLimit` is clamped, so a `logCDF` or `logSurvival` at or below this is only an
    /// upper bound of the true value.
    public static let smallestLogTail = Normal.logCDF(-startLimit)

    /// `log P(x_out > x)` and `log P(x_out ≤ x)`, for exponentially small tails; at or below
    /// `smallestLogTail` only upper bounds.
    public func logSurvival(_ x: Double) throws -> Double { Normal.logSurvival(try startQuantile(of: x)) }
    public func logCDF(_ x: Double) throws -> Double { Normal.logCDF(try startQuantile(of: x)) }

    /// `E[h(x_out)] = ∫ h(F(σ z)) φ(z) dz`, by quadrature over the start point (QAGS on
    /// `|z| ≤ 12`, where the neglected mass is below 4e-33).
    public func expectation(_ h: @escaping (Double) -> Double, relativeTolerance: Double = 1e-7) throws -> Estimate {
        var failure: Error?
        let sigma = startStandardDeviation
        let result = try Quadrature.integrate({ z in
            do { return h(try map(sigma * z)) * Normal.density(z) } catch {
                failure = error
                return 0
            }
        }, from: -12, to: 12, absoluteTolerance: 0, relativeTolerance: relativeTolerance)
        if let failure { throw failure }
        return result
    }
}
