@preconcurrency import CGSL

/// A failure of the numerics, as a Swift error. GSL's status codes are translated here and
/// nowhere else (see `GSL.check`).
public enum NumericsError: Error, Equatable, CustomStringConvertible {
    /// A GSL routine returned a non-zero status.
    case gsl(routine: String, status: Int32, reason: String)
    /// An adaptive method stopped before reaching its tolerance.
    case notConverged(routine: String, detail: String)
    /// An argument outside the routine's domain, named with its allowed range.
    case invalidArgument(name: String, value: String, allowed: String)

    public var description: String {
        switch self {
        case let .gsl(routine, status, reason):
            return "\(routine) failed: \(reason) (GSL status \(status))"
        case let .notConverged(routine, detail):
            return "\(routine) did not converge: \(detail)"
        case let .invalidArgument(name, value, allowed):
            return "\(name) = \(value) is invalid: allowed \(allowed)"
        }
    }
}

/// The one place where GSL status codes become Swift errors.
public enum GSL {
    /// Turns GSL's abort-on-error handler off, once per process. Every wrapper in `GuidanceNumerics`
    /// calls this before it calls GSL, so no GSL error can abort the process.
    public static func disableAbortHandler() { _ = handlerOff }

    private static let handlerOff: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Throws `NumericsError.gsl` for a non-zero status.
    @inlinable
    public static func check(_ status: Int32, _ routine: String) throws {
        guard status != Int32(GSL_SUCCESS) else { return }
        throw error(status, routine)
    }

    /// The Swift error for a GSL status code.
    public static func error(_ status: Int32, _ routine: String) -> NumericsError {
        let reason = gsl_strerror(status).map { String(cString: $0) } ?? "unknown"
        switch status {
        case Int32(GSL_EMAXITER), Int32(GSL_EROUND), Int32(GSL_ESING), Int32(GSL_EDIVERGE), Int32(GSL_ETOL):
            return .notConverged(routine: routine, detail: reason)
        default:
            return .gsl(routine: routine, status: status, reason: reason)
        }
    }
}
