import ClaimKit
import Claims
import Foundation
import Testing

@Suite("Claim registry")
struct RegistryTests {
    /// The generator reads ids from the claim files' text and the registry from the built claims:
    /// the two agree, and no id is used twice, so every claim has exactly one test.
    @Test("Every registered claim has a generated test and a unique id")
    func registryIsCovered() {
        let ids = ClaimRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate claim ids in \(ids)")
        #expect(ids == ClaimChecks.generatedIDs)
    }

    /// `Properties/ExpectedTimes.json` (what `guidance check --list` prints) parses, names only
    /// registered claims, and has a ci time for every claim: a new claim's time is recorded with
    /// `guidance check --claim ID --json run.json` and `guidance check times run.json --write`.
    @Test("The expected-times file covers every registered claim at the ci profile")
    func expectedTimesCoverTheRegistry() throws {
        let root = try #require(RegressionStore.packageRoot(above: #filePath))
        let times = try ExpectedTimes.load(from: root.appendingPathComponent(ExpectedTimes.path))
        let ids = Set(ClaimRegistry.all.map(\.id))
        for (profile, claims) in times.profiles {
            let unknown = Set(claims.keys).subtracting(ids)
            #expect(unknown.isEmpty, "\(ExpectedTimes.path): profile \(profile) names claims that are not registered: \(unknown.sorted())")
        }
        let missing = ids.subtracting(times.profiles[Profile.ci.rawValue]?.keys.map { $0 } ?? [])
        #expect(missing.isEmpty, "\(ExpectedTimes.path) has no ci time for \(missing.sorted()): record them with guidance check times")
    }

    /// The claims that declare no negative control, each with why a control makes no sense for it.
    static let exemptFromControls: [String: String] = [:]

    /// Every check of the suite is statistical or tolerance-based, so every claim declares at
    /// least one negative control (`Claim.controls`, run by `ClaimTesting.verify` beside the
    /// claim), unless `exemptFromControls` names it with a reason; an exemption must name a
    /// registered claim that has no control.
    @Test("Every claim declares a negative control, or is exempt with a reason")
    func everyClaimHasAControl() {
        let lacking = ClaimRegistry.all.filter(\.controls.isEmpty).map(\.id)
        let unexplained = lacking.filter { Self.exemptFromControls[$0] == nil }
        #expect(unexplained.isEmpty, "claims without a negative control: \(unexplained); add one (README.md, \"Adding a claim\") or exempt it in RegistryTests.exemptFromControls with the reason")
        let stale = Self.exemptFromControls.keys.filter { !lacking.contains($0) }.sorted()
        #expect(stale.isEmpty, "exempt from controls but registered with one, or not registered: \(stale)")
    }
}
