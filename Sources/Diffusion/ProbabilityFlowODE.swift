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
    ///
    /// A guidance schedule with jumps (an interval, a table) is solved piece by piece between
    /// them: each jump inside the time range is a break point where one solve ends and the next
    /// starts, and each piece sees the one-sided w of its side, so no step straddles a jump. A
    /// schedule without jumps (constant, ramp) is one solve, as before.
    public func solve(from start: [Double], at times: [Double], tolerance: Double = 1e-10, maxSteps: Int = 1_000_000) throws -> [[Double]] {
        guard !times.isEmpty else { throw ModelError(field: "times", value: "[]", allowed: "at least one time (the start)") }
        guard times.allSatisfy({ $0 > 0 }) else {
            throw ModelError(field: "t", value: "\(times)", allowed: "times > 0")
        }
        let jumps = problem.guidance.jumps(between: times.min()!, and: times.max()!)
        guard !jumps.isEmpty, zip(times, times.dropFirst()).allSatisfy({ $0 > $1 }) else {
            return try solvePiece(from: start, at: times, tolerance: tolerance, maxSteps: maxSteps, piece: nil)
        }
        // Pieces between consecutive break points (jumps), each holding the output times inside it.
        var states: [[Double]] = [start]
        var state = start, upper = times[0], next = 1
        for bound in jumps + [times[times.count - 1]] {
            var pieceTimes = [upper]
            while next < times.count && times[next] > bound {
                pieceTimes.append(times[next])
                next += 1
            }
            pieceTimes.append(bound)
            let solved = try solvePiece(from: state, at: pieceTimes, tolerance: tolerance, maxSteps: maxSteps, piece: (bound, upper))
            state = solved[solved.count - 1]
            states.append(contentsOf: solved[1..<(solved.count - 1)])
            if next < times.count && times[next] == bound {
                states.append(state)
                next += 1
            }
            upper = bound
        }
        return states
    }

    /// One adaptive solve over `times`; `piece`, when given, is the time segment `[lower, upper]`
    /// between two jumps of the guidance schedule whose one-sided w the field uses.
    private func solvePiece(
        from start: [Double], at times: [Double], tolerance: Double, maxSteps: Int, piece: (lower: Double, upper: Double)?
    ) throws -> [[Double]] {
        var failure: Error?
        var scratch: ScoreScratch?
        let states: [[Double]]
        do {
        states = try AdaptiveODE.solve({ tau, y, dydt in
            let t = exp(tau)
            guard failure == nil else {
                for i in 0..<dydt.count { dydt[i] = .nan }
                return
            }
            do {
                let field = try piece.map { try problem.field(at: t, w: problem.guidance.w(at: t, within: $0.lower, $0.upper)) }
                    ?? problem.field(at: t)
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
