/// A claim with its case type erased, so that claims of different cases share a registry.
/// Running it runs `ClaimRunner` on the typed claim.
public struct AnyClaim: Sendable {
    public let info: ClaimInfo
    public let statisticalTestsPerCase: Int
    private let cases: @Sendable (Profile) -> Int
    private let runner: @Sendable (RunConfiguration) -> ClaimResult
    private let detects: (@Sendable (Profile, Double) throws -> Figure)?

    public init<Case>(_ claim: Claim<Case>) {
        info = claim.info
        statisticalTestsPerCase = claim.statisticalTestsPerCase
        cases = { claim.casesAt($0) }
        runner = { ClaimRunner.run(claim, configuration: $0) }
        detects = claim.detects
    }

    /// What the claim's statistical checks detect at `profile` with the per-test `alpha`
    /// (`Claim.detects`); nil for exact checks.
    public func detectable(at profile: Profile, alpha: Double) throws -> Figure? { try detects?(profile, alpha) }

    public var id: String { info.id }

    /// The number of cases under `profile`.
    public func casesAt(_ profile: Profile) -> Int { cases(profile) }

    /// Statistical tests the claim declares under `profile`: cases × tests per case.
    public func statisticalTests(at profile: Profile) -> Int { casesAt(profile) * statisticalTestsPerCase }

    /// Runs the claim (`ClaimRunner.run`).
    public func run(_ configuration: RunConfiguration) -> ClaimResult { runner(configuration) }

    /// The claim with `id` in `claims`; the error lists the known ids.
    public static func find(_ id: String, in claims: [AnyClaim]) throws(ClaimKitError) -> AnyClaim {
        guard let claim = claims.first(where: { $0.id == id }) else {
            throw .unknownClaim(id: id, known: claims.map(\.id))
        }
        return claim
    }
}
