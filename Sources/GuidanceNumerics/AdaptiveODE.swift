@preconcurrency import CGSL

/// An adaptive ODE solver over GSL's `gsl_odeiv2` driver, with the Prince–Dormand 8(9) step
/// (rk8pd) by default.
///
/// Solves `dy/dt = f(t, y)`, `y ∈ R^n`, from `t0` to each requested time in turn (dense
/// stepping: the driver keeps its state between outputs). The local error per step is held below
/// `absoluteTolerance + relativeTolerance·|y|` component-wise; the global error is typically a
/// small multiple of that. Time may run backwards (`t1 < t0`).
///
/// A driver is not shareable between threads: create one per solve. Throws
/// `NumericsError.notConverged` when the step size underflows or the step budget runs out.
public enum AdaptiveODE {
    /// The right-hand side: writes `f(t, y)` into `dydt`. Must not retain the buffers.
    public typealias RightHandSide = (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dydt: UnsafeMutableBufferPointer<Double>) -> Void

    public enum Method: String, Sendable, CaseIterable {
        case rk8pd, rkf45, rkck, rk4

        var stepType: UnsafePointer<gsl_odeiv2_step_type> {
            switch self {
            case .rk8pd: return gsl_odeiv2_step_rk8pd
            case .rkf45: return gsl_odeiv2_step_rkf45
            case .rkck: return gsl_odeiv2_step_rkck
            case .rk4: return gsl_odeiv2_step_rk4
            }
        }
    }

    /// The state at each of `times` (in the order given, which must be monotone away from `t0`).
    public static func solve(
        _ f: RightHandSide,
        initial y0: [Double],
        from t0: Double,
        to times: [Double],
        absoluteTolerance: Double = 1e-12,
        relativeTolerance: Double = 1e-10,
        method: Method = .rk8pd,
        maxSteps: Int = 1_000_000
    ) throws -> [[Double]] {
        GSL.disableAbortHandler()
        let n = y0.count
        guard n > 0 else {
            throw NumericsError.invalidArgument(name: "initial state", value: "[]", allowed: "at least one component")
        }
        guard y0.allSatisfy(\.isFinite) else {
            throw NumericsError.invalidArgument(name: "initial state", value: "\(y0)", allowed: "finite numbers")
        }
        guard let last = times.last, last != t0 else { return times.map { _ in y0 } }
        let direction: Double = last > t0 ? 1 : -1
        return try withoutActuallyEscaping(f) { rhs in
            // The C callback cannot capture, so the closure and the dimension travel as `params`.
            var context = ODEContext(rhs: rhs, dimension: n)
            return try withUnsafeMutablePointer(to: &context) { contextPointer in
                    var system = gsl_odeiv2_system(
                        function: { t, y, dydt, params in
                            let context = params!.assumingMemoryBound(to: ODEContext.self).pointee
                            let input = UnsafeBufferPointer(start: y, count: context.dimension)
                            let output = UnsafeMutableBufferPointer(start: dydt, count: context.dimension)
                            context.rhs(t, input, output)
                            for v in output where !v.isFinite { return Int32(GSL_EBADFUNC) }
                            return Int32(GSL_SUCCESS)
                        },
                        jacobian: nil, dimension: n, params: UnsafeMutableRawPointer(contextPointer))
                    let firstStep = direction * min(1e-3, abs(last - t0) * 1e-3)
                    guard let driver = gsl_odeiv2_driver_alloc_y_new(
                        &system, method.stepType, firstStep, absoluteTolerance, relativeTolerance)
                    else {
                        throw NumericsError.gsl(routine: "gsl_odeiv2_driver_alloc_y_new", status: Int32(GSL_ENOMEM), reason: "out of memory")
                    }
                    defer { gsl_odeiv2_driver_free(driver) }
                    try GSL.check(gsl_odeiv2_driver_set_nmax(driver, UInt(maxSteps)), "gsl_odeiv2_driver_set_nmax")
                    var t = t0
                    var y = y0
                    var states: [[Double]] = []
                    states.reserveCapacity(times.count)
                    for target in times {
                        guard (target - t) * direction >= 0 else {
                            throw NumericsError.invalidArgument(
                                name: "output times", value: "\(times)", allowed: "monotone, moving away from t0 = \(t0)")
                        }
                        if target != t {
                            let status = y.withUnsafeMutableBufferPointer {
                                gsl_odeiv2_driver_apply(driver, &t, target, $0.baseAddress)
                            }
                            try GSL.check(status, "gsl_odeiv2_driver_apply (t = \(t))")
                        }
                        states.append(y)
                    }
                    return states
            }
        }
    }
}

private struct ODEContext {
    var rhs: AdaptiveODE.RightHandSide
    var dimension: Int
}
