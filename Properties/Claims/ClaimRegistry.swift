import ClaimKit

/// Every claim of the suite. `all` is written on every build by `ClaimRegistryPlugin` from the
/// claim files themselves (each `static let NAME = Claim<Case>(ClaimInfo(id: …))`), in the order
/// of their files' names: a new claim is its file, and nothing else.
public enum ClaimRegistry {
    /// The claim with `id`; the error lists the known ids.
    public static func claim(_ id: String) throws(ClaimKitError) -> AnyClaim {
        try AnyClaim.find(id, in: all)
    }
}
