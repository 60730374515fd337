import Foundation

/// The plain-text table of a run of the suite, as `guidance check` prints it: one row per claim
/// (id, verdict, cases with the inconclusive count, wall time, what its statistical checks
/// detect, the key figures that decide the verdict), then the profile, the master seed and the
/// false-alarm budget line.
///
/// Rows stay within `maximumWidth` (120) columns so that the table reads in a terminal: the key
/// figures are the first `keyFigureCount` figures of the claim's last (or failing) case, with four
/// significant digits and no notes, cut with `…` where they would pass the width;
/// `guidance check --details` and the JSON (`RunRecord`) have every figure in full. Only the
/// `seconds` column differs between a run and the merge of its shards (`ShardMerge`).
public enum VerdictTable {
    /// The widest a row may be.
    public static let maximumWidth = 120
    /// The key figures a row shows.
    public static let keyFigureCount = 2

    /// `detects`: the weakest `Figure.detects` of the claim's cases (e.g. `KS 0.083`, at most 10
    /// characters), `-` for a claim whose checks are exact.
    static let headers = ["claim", "verdict", "cases", "seconds", "detects", "key figures"]
    static let separator = "  "

    public static func render(_ results: [ClaimResult], budget: FalseAlarmBudget, masterSeed: UInt64, profile: Profile) -> String {
        let rows = results.map(row)
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        // The last column takes what the others and the reserve leave.
        let fixed = widths.dropLast().reduce(0, +) + separator.count * (widths.count - 1)
        widths[widths.count - 1] = min(widths[widths.count - 1], max(maximumWidth - fixed, headers.last!.count))
        func line(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { i, pair in
                let (cell, width) = pair
                let fitted = cell.count > width ? String(cell.prefix(width - 1)) + "…" : cell
                // Numbers align right, words left.
                return headers[i] == "seconds" && !fitted.hasPrefix("-")
                    ? String(repeating: " ", count: width - fitted.count) + fitted
                    : fitted.padding(toLength: width, withPad: " ", startingAt: 0)
            }
            .joined(separator: separator).trimmingTrailingSpaces()
        }
        var lines = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        lines.append("")
        lines.append("profile \(profile.rawValue), master seed \(MasterSeed.hex(masterSeed)) (\(masterSeed)); "
            + String(format: "%.1f s in all claims", results.map(\.wallSeconds).reduce(0, +)))
        lines.append(budget.summaryLine)
        let counts = VerdictCategory.allCases.map { category in
            "\(results.filter { $0.category == category }.count) \(category.rawValue)"
        }
        lines.append(counts.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The words in the verdict column; a known counterexample that was not found is flagged.
    public static func verdictText(_ result: ClaimResult) -> String {
        result.isUnexpectedPass ? "unexpected pass" : result.category.rawValue
    }

    /// A figure in a row: `name = value` with four significant digits.
    static func compact(_ figure: Figure) -> String { "\(figure.name) = \(String(format: "%.4g", figure.value))" }

    static func row(_ result: ClaimResult) -> [String] {
        let cases = result.inconclusiveCount > 0
            ? "\(result.casesRun) (\(result.inconclusiveCount) inconclusive)" : "\(result.casesRun)"
        return [result.info.id, verdictText(result), cases, String(format: "%.1f", result.wallSeconds),
                result.weakestDetectable.map { String($0.detectableText.prefix(10)) } ?? "-",
                result.figures.filter { $0.detectable != true }.prefix(keyFigureCount).map(compact).joined(separator: "; ")]
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
