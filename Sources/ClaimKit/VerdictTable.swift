import Foundation

/// The plain-text table of a run of the suite, as `guidance check` prints it: one row per claim
/// (id, paper, verdict, cases with the inconclusive count, key figures, report file), then the
/// profile, the master seed and the false-alarm budget line.
public enum VerdictTable {
    static let headers = ["claim", "paper", "verdict", "cases", "key numbers", "report"]

    public static func render(_ results: [ClaimResult], budget: FalseAlarmBudget, masterSeed: UInt64, profile: Profile) -> String {
        let rows = results.map(row)
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        lines.append("")
        lines.append("profile \(profile.rawValue), master seed \(MasterSeed.hex(masterSeed)) (\(masterSeed))")
        lines.append(budget.summaryLine)
        let counts = VerdictCategory.allCases.map { category in
            "\(results.filter { $0.category == category }.count) \(category.rawValue)"
        }
        lines.append(counts.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The words in the verdict column; a known counterexample that was not found is flagged.
    public static func verdictText(_ result: ClaimResult) -> String {
        result.isUnexpectedPass ? "holds (counterexample expected!)" : result.category.rawValue
    }

    static func row(_ result: ClaimResult) -> [String] {
        let cases = result.inconclusiveCount > 0
            ? "\(result.casesRun) (\(result.inconclusiveCount) inconclusive)" : "\(result.casesRun)"
        let report = result.counterexample?.reportFiles.first { $0.pathExtension == "md" }?.path ?? ""
        return [result.info.id, result.info.paper, verdictText(result), cases,
                Array(result.figures.prefix(3)).summary, report]
    }
}

/// The exit status of a run: non-zero iff a claim failed unexpectedly or had too many
/// inconclusive cases. Known counterexamples and unexpected passes do not fail the run.
public enum SuiteSummary {
    public static func exitStatus(_ results: [ClaimResult]) -> Int32 {
        results.contains(where: \.isUnexpectedFailure) ? 1 : 0
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
