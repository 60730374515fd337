/// The outcome of checking one case of a claim.
///
/// Three outcomes, never two: `inconclusive` (the numerics could not decide, e.g. a quadrature
/// that did not converge) is never counted as `holds`. Each carries the key figures of the case.
public enum Verdict: Sendable, Equatable {
    case holds(figures: [Figure])
    case fails(reason: String, figures: [Figure])
    case inconclusive(reason: String, figures: [Figure])

    /// `holds` when `condition` is true, otherwise `fails` with `reason`: the usual last line
    /// of a check.
    public static func require(
        _ condition: Bool, otherwise reason: @autoclosure () -> String, figures: [Figure] = []
    ) -> Verdict {
        condition ? .holds(figures: figures) : .fails(reason: reason(), figures: figures)
    }

    public var figures: [Figure] {
        switch self {
        case let .holds(figures), let .fails(_, figures), let .inconclusive(_, figures): return figures
        }
    }

    /// The reason of a failure or an inconclusive case; nil when the case holds.
    public var reason: String? {
        switch self {
        case .holds: return nil
        case let .fails(reason, _), let .inconclusive(reason, _): return reason
        }
    }

    public var isHolds: Bool { if case .holds = self { true } else { false } }
    public var isFailure: Bool { if case .fails = self { true } else { false } }
    public var isInconclusive: Bool { if case .inconclusive = self { true } else { false } }
}
