import ClaimKit
import Foundation
import Testing

@Suite("Counterexample reports and the verdict table")
struct ReportTests {
    @Test func failingClaimWritesJSONSpecSVGAndMarkdown() throws {
        let reports = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: reports) }
        let base = ExampleClaims.sumBelow100()
        let claim = Claim<[Double]>(
            base.info, generate: base.generate, shrink: base.shrink, check: base.check,
            report: { xs, _, _ in
                CounterexampleReport(specJSON: "{\"components\":\(xs.count)}", figures: [Figure("n", Double(xs.count))],
                                     svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            })
        let result = claim.erased.run(quietConfiguration(reports: reports))
        let c = try #require(result.counterexample)
        let stem = "T.sum-\(c.caseSeed.bareHex)"
        #expect(c.reportFiles.map(\.lastPathComponent) == ["json", "spec.json", "svg", "md"].map { "\(stem).\($0)" })
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: c.reportFiles[0])) as? [String: Any]
        #expect(json?["caseSeed"] as? String == c.caseSeed.hex)
        #expect((json?["case"] as? [Double])?.count == (try JSONDecoder().decode([Double].self, from: Data(c.shrunkJSON.utf8))).count)
        #expect(json?["spec"] is [String: Any])
        let markdown = try String(contentsOf: c.reportFiles[3], encoding: .utf8)
        #expect(markdown.contains(c.replay.testCommand) && markdown.contains(c.replay.cliCommand))
        #expect(result.readableReport.contains(c.caseSeed.hex) && result.readableReport.contains(stem + ".md"))
    }

    @Test func tableListsEveryClaimWithBudgetAndSeed() {
        let results = [ExampleClaims.sumBelow100().erased, ExampleClaims.notConverging(share: 0.05).erased]
            .map { $0.run(quietConfiguration()) }
        let table = VerdictTable.render(results, budget: FalseAlarmBudget(testCount: 4), masterSeed: 20_241_113, profile: .ci)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("claim") && lines[0].contains("verdict") && lines[0].contains("key figures") && lines.allSatisfy { $0.count <= VerdictTable.maximumWidth })
        #expect(lines[2].hasPrefix("T.sum") && lines[2].contains("fails") && lines[2].contains("sum ="))
        #expect(lines[3].hasPrefix("T.nc") && lines[3].contains("holds") && lines[3].contains("inconclusive)"))
        #expect(table.contains("master seed 0x000000000134dad9 (20241113)"))
        #expect(table.contains("alpha = 2.5e-07 per test"))
        #expect(SuiteSummary.exitStatus(results) == 1)
        #expect(SuiteSummary.exitStatus([results[1]]) == 0)
    }
}
