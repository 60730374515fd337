@preconcurrency import CGSL

/// Brent's method for a root of `f` in a bracketing interval, over `gsl_root_fsolver_brent`.
///
/// Requires `f(lower)` and `f(upper)` of opposite signs (or one of them zero). Stops when the
/// bracket satisfies `|upper - lower| < absoluteTolerance + relativeTolerance·min(|lower|, |upper|)`
/// and returns the bracket's midpoint with half its width as the error.
public enum BrentRoot {
    public static func solve(
        _ f: (Double) -> Double,
        lower: Double, upper: Double,
        absoluteTolerance: Double = 1e-12,
        relativeTolerance: Double = 1e-12,
        maxIterations: Int = 500
    ) throws -> Estimate {
        GSL.disableAbortHandler()
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw NumericsError.invalidArgument(name: "bracket", value: "[\(lower), \(upper)]", allowed: "finite with lower < upper")
        }
        let fl = f(lower), fu = f(upper)
        if fl == 0 { return Estimate(value: lower, error: 0) }
        if fu == 0 { return Estimate(value: upper, error: 0) }
        guard fl.isFinite, fu.isFinite, (fl < 0) != (fu < 0) else {
            throw NumericsError.invalidArgument(
                name: "bracket", value: "[\(lower), \(upper)] with f = [\(fl), \(fu)]", allowed: "f of opposite signs at the ends")
        }
        guard let solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent) else {
            throw NumericsError.gsl(routine: "gsl_root_fsolver_alloc", status: Int32(GSL_ENOMEM), reason: "out of memory")
        }
        defer { gsl_root_fsolver_free(solver) }
        return try withGSLFunction(f) { function in
            try GSL.check(gsl_root_fsolver_set(solver, &function, lower, upper), "gsl_root_fsolver_set")
            for _ in 0..<maxIterations {
                try GSL.check(gsl_root_fsolver_iterate(solver), "gsl_root_fsolver_iterate")
                let lo = gsl_root_fsolver_x_lower(solver), hi = gsl_root_fsolver_x_upper(solver)
                let status = gsl_root_test_interval(lo, hi, absoluteTolerance, relativeTolerance)
                if status == Int32(GSL_SUCCESS) {
                    return Estimate(value: 0.5 * (lo + hi), error: 0.5 * (hi - lo))
                }
                guard status == Int32(GSL_CONTINUE) else { throw GSL.error(status, "gsl_root_test_interval") }
            }
            throw NumericsError.notConverged(routine: "BrentRoot", detail: "\(maxIterations) iterations")
        }
    }

    /// Expands `[lower, upper]` geometrically around its centre until `f` changes sign, then
    /// solves. For monotone `f` with a root somewhere on the real line.
    public static func solveExpanding(
        _ f: (Double) -> Double,
        lower: Double, upper: Double,
        maxExpansions: Int = 60,
        absoluteTolerance: Double = 1e-12,
        relativeTolerance: Double = 1e-12
    ) throws -> Estimate {
        var lo = lower, hi = upper
        for _ in 0...maxExpansions {
            let fl = f(lo), fu = f(hi)
            if fl.isFinite, fu.isFinite, (fl <= 0) != (fu <= 0) || fl == 0 || fu == 0 {
                return try solve(f, lower: lo, upper: hi, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
            }
            let width = hi - lo
            lo -= width
            hi += width
        }
        throw NumericsError.notConverged(routine: "BrentRoot.solveExpanding", detail: "no sign change found in [\(lo), \(hi)]")
    }
}
