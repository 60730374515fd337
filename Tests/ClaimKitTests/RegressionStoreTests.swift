import ClaimKit
import Foundation
import Testing

@Suite("Regression store")
struct RegressionStoreTests {
    @Test func malformedLinesAreSkippedWithAWarning() {
        let text = """
            # a comment
            0x00000000000000ff # shrinks to [1,2]

            not-a-seed # shrinks to [1]
            0x0000000000000abc
            0x12 # shrinks to {broken
            0xzz
            00000000deadbeef # shrinks to {"w":2.5}
            """
        let (entries, warnings) = RegressionStore.parse(text, source: "T.txt")
        #expect(entries == [
            .init(seed: CaseSeed(value: 0xff), shrunkJSON: "[1,2]"),
            .init(seed: CaseSeed(value: 0xabc), shrunkJSON: nil),
            .init(seed: CaseSeed(value: 0xdead_beef), shrunkJSON: "{\"w\":2.5}"),
        ])
        #expect(warnings.count == 3)
        #expect(warnings.allSatisfy { $0.hasPrefix("T.txt:") && $0.contains("skipped unreadable line") })
        #expect(warnings.first?.hasPrefix("T.txt:4:") == true)
    }

    @Test func appendWritesHeaderAndLinesOnce() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = RegressionStore(directory: directory)
        let entry = RegressionStore.Entry(seed: CaseSeed(value: 0x1234), shrunkJSON: "[50,50]")
        #expect(store.append(entry, claimID: "G1.2") == nil)
        #expect(store.append(entry, claimID: "G1.2") == nil)
        let text = try String(contentsOf: store.file(for: "G1.2"), encoding: .utf8)
        #expect(text.hasSuffix("0x0000000000001234 # shrinks to [50,50]\n"))
        #expect(text.components(separatedBy: "0x0000000000001234").count == 2)
        #expect(text.hasPrefix("# "))
        #expect(store.load(claimID: "G1.2").entries == [entry])
    }

    @Test func unwritableStoreGivesAWarningNotACrash() throws {
        let blocker = temporaryDirectory()
        try Data("a file where the folder should be".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let store = RegressionStore(directory: blocker.appendingPathComponent("Regressions"))
        let warning = store.append(.init(seed: CaseSeed(value: 1), shrunkJSON: nil), claimID: "X")
        #expect(warning?.contains("cannot append") == true)
        let result = ExampleClaims.sumBelow100().erased.run(quietConfiguration(regressions: blocker.appendingPathComponent("R")))
        #expect(result.category == .fails)
        #expect(result.warnings.contains { $0.contains("cannot append") })
    }

    @Test func undecodableSavedCaseIsSkippedWithAWarning() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = RegressionStore(directory: directory)
        let holding = CaseSeed(master: 3, claimID: "T.nc", index: 0, edgeCase: true)
        _ = store.append(.init(seed: holding, shrunkJSON: "{\"not\":\"a double\"}"), claimID: "T.nc")
        let result = ExampleClaims.notConverging(share: 0).erased.run(quietConfiguration(regressions: directory))
        #expect(result.category == .holds)
        #expect(result.warnings.contains { $0.contains("no longer decodes") })
    }

    @Test func savedShrunkCaseIsReplayedWhenItsSeedPasses() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = RegressionStore(directory: directory)
        let passing = CaseSeed(master: 3, claimID: "T.sum", index: 0, edgeCase: true)
        _ = store.append(.init(seed: passing, shrunkJSON: "[60,60]"), claimID: "T.sum")
        let result = ExampleClaims.sumBelow100().erased.run(quietConfiguration(regressions: directory))
        let c = try #require(result.counterexample)
        #expect(c.origin == .regressionCase && c.caseSeed == passing)
        #expect(c.originalJSON == "[60,60]")
        #expect(result.casesRun == 2, "the seed's case, then the saved case; no new cases")
        #expect(store.load(claimID: "T.sum").entries.count == 1)
    }

    @Test func packageRootIsFoundAboveASourceFile() {
        let root = RegressionStore.packageRoot(above: #filePath)
        #expect(root.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Package.swift").path) } == true)
        #expect(RegressionStore.defaultDirectory(nearFile: #filePath)?.path.hasSuffix("Properties/Regressions") == true)
        #expect(RegressionStore.packageRoot(above: "/nonexistent/a/b.swift") == nil)
    }
}
