import ClaimKit
import Claims
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
}
