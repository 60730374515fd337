@preconcurrency import CGSL

/// Adaptive quadrature over GSL's QUADPACK routines.
///
/// ```
/// integrate(f, a, b) ≈ ∫_a^b f(x) dx, |value - exact| ≲ error ≤ max(absoluteTolerance, relativeTolerance·|exact|)
/// ```
/// Finite bounds use QAGS (21-point Gauss–Kronrod with Wynn-epsilon extrapolation, which also
/// handles integrable end-point singularities); infinite bounds use QAGI/QAGIU/QAGIL (the map
/// `x = (1 - u)/u` onto `(0, 1]`). When `breakpoints` are given on a finite interval, QAGP is
/// used so that known kinks are interval ends. Each call allocates its own workspace, so calls
/// from different threads never share GSL state.
///
/// Throws `NumericsError.notConverged` when the tolerance was not reached, and `.gsl` for any
/// other GSL failure (a non-finite integrand included).
public enum Quadrature {
    /// The largest number of subintervals an adaptive rule may create.
    public static let subintervalLimit = 2000

    public static func integrate(
        _ f: (Double) -> Double,
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0,
        relativeTolerance: Double = 1e-10,
        breakpoints: [Double] = []
    ) throws -> Estimate {
        GSL.disableAbortHandler()
        guard !a.isNaN, !b.isNaN else {
            throw NumericsError.invalidArgument(name: "integration bounds", value: "[\(a), \(b)]", allowed: "numbers, not NaN")
        }
        try checkTolerances(absoluteTolerance, relativeTolerance)
        if a == b { return Estimate(value: 0, error: 0) }
        if a > b {
            let r = try integrate(f, from: b, to: a, absoluteTolerance: absoluteTolerance,
                                  relativeTolerance: relativeTolerance, breakpoints: breakpoints)
            return Estimate(value: -r.value, error: r.error)
        }
        let limit = subintervalLimit
        return try adaptive { workspace, result, error in withGSLFunction(f) { function in
            switch (a.isInfinite, b.isInfinite) {
            case (true, true):
                return (gsl_integration_qagi(&function, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error), "gsl_integration_qagi")
            case (false, true):
                return (gsl_integration_qagiu(&function, a, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error), "gsl_integration_qagiu")
            case (true, false):
                return (gsl_integration_qagil(&function, b, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error), "gsl_integration_qagil")
            case (false, false):
                let inner = breakpoints.filter { $0 > a && $0 < b }.sorted()
                if inner.isEmpty {
                    return (gsl_integration_qags(&function, a, b, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error), "gsl_integration_qags")
                }
                var points = [a] + inner + [b]
                let count = points.count
                return (points.withUnsafeMutableBufferPointer { buffer in
                    gsl_integration_qagp(&function, buffer.baseAddress, count, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error)
                }, "gsl_integration_qagp")
            }
        } }
    }

    /// `∫_a^b f(x) (x - a)^α (b - x)^β dx` for a smooth f and `α, β > -1`, by QAWS (GSL): the
    /// weight's modified Chebyshev moments are exact, so end-point cusps such as a Beta density's
    /// `r^{α-1}` cost nothing, where QAGS would bisect towards them (about 500 evaluations of the
    /// noised Beta score's integrand for non-integer exponents, against 42 for integer ones).
    /// Each call allocates its own table and workspace.
    public static func integrate(
        _ f: (Double) -> Double, from a: Double, to b: Double, endpointPowers alpha: Double, _ beta: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10
    ) throws -> Estimate {
        GSL.disableAbortHandler()
        guard a.isFinite, b.isFinite, a < b else {
            throw NumericsError.invalidArgument(name: "integration bounds", value: "[\(a), \(b)]", allowed: "finite, with a < b")
        }
        guard alpha > -1, beta > -1 else {
            throw NumericsError.invalidArgument(name: "endpoint powers", value: "(\(alpha), \(beta))", allowed: "both > -1 (an integrable weight)")
        }
        try checkTolerances(absoluteTolerance, relativeTolerance)
        guard let table = gsl_integration_qaws_table_alloc(alpha, beta, 0, 0) else {
            throw NumericsError.gsl(routine: "gsl_integration_qaws_table_alloc", status: Int32(GSL_ENOMEM), reason: "could not allocate the table")
        }
        defer { gsl_integration_qaws_table_free(table) }
        return try adaptive { workspace, result, error in
            (withGSLFunction(f) { function in
                gsl_integration_qaws(&function, a, b, table, absoluteTolerance, relativeTolerance, subintervalLimit, workspace, &result, &error)
            }, "gsl_integration_qaws")
        }
    }

    private static func checkTolerances(_ absoluteTolerance: Double, _ relativeTolerance: Double) throws {
        guard absoluteTolerance > 0 || relativeTolerance >= 1e-14 else {
            throw NumericsError.invalidArgument(
                name: "relativeTolerance", value: "\(relativeTolerance)", allowed: "≥ 1e-14 when absoluteTolerance is 0")
        }
    }

    /// Runs one adaptive GSL routine with its own workspace (`call` returns the status and the
    /// routine's name, and writes result and error), then checks the status and that the result
    /// is finite.
    private static func adaptive(
        _ call: (UnsafeMutablePointer<gsl_integration_workspace>, inout Double, inout Double) -> (Int32, String)
    ) throws -> Estimate {
        guard let workspace = gsl_integration_workspace_alloc(subintervalLimit) else {
            throw NumericsError.gsl(routine: "gsl_integration_workspace_alloc", status: Int32(GSL_ENOMEM), reason: "out of memory")
        }
        defer { gsl_integration_workspace_free(workspace) }
        var result = 0.0, error = 0.0
        let (status, routine) = call(workspace, &result, &error)
        try GSL.check(status, routine)
        guard result.isFinite, error.isFinite else {
            throw NumericsError.gsl(routine: routine, status: Int32(GSL_EBADFUNC), reason: "non-finite result \(result) ± \(error)")
        }
        return Estimate(value: result, error: error)
    }
}
