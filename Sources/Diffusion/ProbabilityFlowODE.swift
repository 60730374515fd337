import Foundation
import GuidanceNumerics

/// The guided probability-flow ODE `dx/dt = f(t) x - ½ g(t)² g^w_t(x)`, solved backwards in time
/// from `T` by GSL's adaptive rk8pd, in the variable `τ = log t`: `dx/dτ = t·v(t, x)`.
///
/// Near `t = 0` the velocity varies on the scale of t itself (the score of a compact support
/// grows like `1/s² ∝ 1/t`), so steps uniform in `log t` are the natural ones: a solve to
/// `t = 1e-10` costs about as much as one to `1e-3`.
///
/// Accuracy: local error per step below `tolerance·(1 + |x|)`; the global error of the map
/// `x_T ↦ x_tEnd` is a small multiple of it (the flow is contracting in the tails for the
/// mixtures used here). The guided field is rebuilt at each evaluation time.
public struct ProbabilityFlowODE: Sendable {
    public let problem: GuidedProblem

    public init(problem: GuidedProblem) { self.problem = problem }

    /// The state at each of `times` (decreasing, the first being the start time) from `start`.
    /// `maxSteps` bounds the solver's steps between two output times (GSL's `nmax`): a solve that
    /// needs more throws instead of running on (a stiff field from a far start point can take
    /// seconds per solve).
    public func solve(from start: [Double], at times: [Double], tolerance: Double = 1e-10, maxSteps: Int = 1_000_000) throws -> [[Double]] {
        guard !times.isEmpty else { throw ModelError(field: "times", value: "[]", allowed: "at least one time (the start)") }
        var failure: Error?
        var scratch: ScoreScratch?
        guard times.allSatisfy({ $0 > 0 }) else {
            throw ModelError(field: "t", value: "\(times)", allowed: "times > 0")
        }
        let states: [[Double]]
        do {
        states = try AdaptiveODE.solve({ tau, y, dydt in
            let t = exp(tau)
            guard failure == nil else {
                for i in 0..<dydt.count { dydt[i] = .nan }
                return
            }
            do {
                let field = try problem.field(at: t)
                if scratch == nil { scratch = field.noised.makeScratch() }
                try field.velocity(y, into: dydt, scratch: &scratch!)
                for i in 0..<dydt.count { dydt[i] *= t }
            } catch {
                failure = error
                for i in 0..<dydt.count { dydt[i] = .nan }
            }
        }, initial: start, from: log(times[0]), to: times.map { log($0) }, absoluteTolerance: tolerance, relativeTolerance: tolerance,
           maxSteps: maxSteps)
        } catch {
            throw failure ?? error
        }
        return states
    }
}
