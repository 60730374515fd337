import Foundation
import Testing

/// `Properties/Catalogue.md` is what `guidance check --list --markdown` prints: the committed
/// catalogue is current with the registry (CI runs this test on every change).
@Suite("Claims catalogue")
struct CatalogueTests {
    @Test("Properties/Catalogue.md is current: regenerate it with guidance check --list --markdown")
    func catalogueIsCurrent() throws {
        let output = try GuidanceBinary.run(["check", "--list", "--markdown"])
        #expect(output.status == 0, "\(output.stderr)")
        let committed = try String(contentsOf: GuidanceBinary.root.appendingPathComponent("Properties/Catalogue.md"), encoding: .utf8)
        let generated = output.stdout
        let firstDifference = zip(committed.split(separator: "\n", omittingEmptySubsequences: false),
                                  generated.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
        #expect(committed == generated, """
            Properties/Catalogue.md is stale; run `swift run -c release guidance check --list --markdown > Properties/Catalogue.md`. \
            First differing line: \(firstDifference.map { "\($0.offset + 1): committed '\($0.element.0)', generated '\($0.element.1)'" } ?? "one file is a prefix of the other")
            """)
    }

    @Test("--markdown without --list is refused in one line")
    func markdownNeedsList() throws {
        let output = try GuidanceBinary.run(["check", "--markdown"])
        #expect(output.status != 0)
        #expect(output.errorLines.count == 1 && output.stderr.contains("--markdown"), "\(output.stderr)")
    }
}
