/// Errors of the harness itself (not of a claim): bad settings and unknown claims. Each message
/// names the offending value and what is allowed.
public enum ClaimKitError: Error, Equatable, CustomStringConvertible {
    /// A setting (an environment variable or an option) with a value outside its allowed set.
    case invalidSetting(name: String, value: String, allowed: String)
    /// A claim id that no claim in the registry has.
    case unknownClaim(id: String, known: [String])

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, allowed):
            return "\(name) = '\(value)' is invalid: allowed \(allowed)"
        case let .unknownClaim(id, known):
            return "no claim has id '\(id)'; known ids: \(known.joined(separator: ", "))"
        }
    }
}
