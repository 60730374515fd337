/// A claim with its case type erased, so that claims of different cases share a registry.
/// Running it runs `ClaimRunner` on the typed claim.
public struct AnyClaim: Sendable {
    public let info: ClaimInfo
    public let statisticalTestsPerCase: Int
    /// The claim's negative controls (`Claim.controls`).
    public let controls: [Control]
    private let cases: @Sendable (Profile) -> Int
    private let runner: @Sendable (RunConfiguration) -> ClaimResult
    private let detects: (@Sendable (Profile, Double) throws -> Figure)?

    public init<Case>(_ claim: Claim<Case>) {
        info = claim.info
        statisticalTestsPerCase = claim.statisticalTestsPerCase
        cases = { claim.casesAt($0) }
        runner = { ClaimRunner.run(claim, configuration: $0) }
        detects = claim.detects
        controls = claim.controls
    }

    /// Runs every control at `configuration`'s profile with the per-test alpha of `registry`'s
    /// budget and a case seed derived from the master seed: the controls that were not rejected,
    /// with why (empty when every control was rejected, as it must be).
    public func unrejectedControls(_ configuration: RunConfiguration, registry: [AnyClaim]) -> [(control: String, detail: String)] {
        let alpha = FalseAlarmBudget(claims: registry, profile: configuration.profile).alphaPerTest
        return controls.enumerated().compactMap { index, control in
            let seed = CaseSeed(master: configuration.masterSeed, claimID: id + " control", index: index, edgeCase: false)
            let outcome = control.run(CheckContext(profile: configuration.profile, alpha: alpha, caseSeed: seed))
            return outcome.rejected ? nil : (control.name, outcome.detail)
        }
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
