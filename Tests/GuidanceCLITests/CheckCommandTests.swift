import Foundation
import Testing

/// `guidance check`, run as the real binary: option validation names the bad value, `--list`
/// shows every claim, a single exact claim runs and prints its verdict table, and `--details`
/// lists its cases.
@Suite("guidance check")
struct CheckCommandTests {
    @Test("bad values are named in a one-line error", arguments: [
        (["--profile", "fast"], "'fast' is invalid for '--profile <profile>'. Please provide one of 'ci', 'thorough' or 'gpu'"),
        (["--seed", "seven"], "'seven' is invalid for '--seed <decimal|0xhex>'"),
        (["--claim", "G9.9"], "--claim 'G9.9'"),
        (["--claim", "N.0", "--replay", "xyz"], "--replay 'xyz'"),
        (["--replay", "0x1"], "needs exactly one --claim"),
        (["--claim", "N.0", "--cases", "10"], "'10' is invalid for '--cases <a..<b|a...b>'"),
        (["--claim", "N.0", "--cases", "5..<5"], "'5..<5' is invalid for '--cases <a..<b|a...b>'"),
        (["--claim", "N.0", "--cases", "3...1"], "'3...1' is invalid for '--cases <a..<b|a...b>'"),
        (["--claim", "N.0", "--cases=-1..<3"], "'-1..<3' is invalid for '--cases <a..<b|a...b>'"),
        (["--cases", "0..<3"], "needs exactly one --claim"),
    ])
    func badValues(arguments: [String], expected: String) throws {
        let output = try GuidanceBinary.run(["check"] + arguments)
        #expect(output.status != 0)
        #expect(output.errorLines.count == 1 && output.stderr.contains(expected), "\(output.stderr)")
    }

    @Test("--list shows each claim's id, paper and statement")
    func list() throws {
        let output = try GuidanceBinary.run(["check", "--list"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("N.0") && output.stdout.contains("Φ(x) + Q(x) = 1"), "\(output.stdout)")
    }

    @Test("one exact claim runs and its verdict table says it holds")
    func runOne() throws {
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-check-\(UUID().uuidString)")
        let output = try GuidanceBinary.run(["check", "--claim", "N.0", "--report-dir", reports.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("N.0") && output.stdout.contains("holds"), "\(output.stdout)")
    }

    /// The seeds of the generated cases in a `--details` listing.
    static func generatedSeeds(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard line.hasPrefix("  case "), words.count > 2, Int(words[1]) != nil, words[2].hasPrefix("0x") else { return nil }
            return String(words[2])
        }
    }

    @Test("--cases shards: 0..<120 and 120...199 check the same cases as the whole run, in order")
    func shards() throws {
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-check-\(UUID().uuidString)")
        func seeds(_ extra: [String]) throws -> [String] {
            let output = try GuidanceBinary.run(["check", "--claim", "N.0", "--details", "--report-dir", reports.path] + extra)
            #expect(output.status == 0, "\(output.stderr)")
            return Self.generatedSeeds(output.stdout)
        }
        let whole = try seeds([]), first = try seeds(["--cases", "0..<120"]), rest = try seeds(["--cases", "120...199"])
        #expect(whole.count == 200 && first.count == 120 && rest.count == 80, "\(whole.count), \(first.count), \(rest.count)")
        #expect(first + rest == whole)
    }

    @Test("--details lists every case with its seed, verdict and figures")
    func details() throws {
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-check-\(UUID().uuidString)")
        let output = try GuidanceBinary.run(["check", "--claim", "N.0", "--details", "--report-dir", reports.path])
        #expect(output.status == 0, "\(output.stderr)")
        let caseLines = output.stdout.split(separator: "\n").filter { $0.hasPrefix("  case ") && $0.contains(" holds: ") }
        #expect(output.stdout.contains("N.0 cases:") && caseLines.count >= 2, "\(output.stdout)")
        #expect(caseLines.allSatisfy { $0.contains("0x") }, "each case names its seed: \(caseLines)")
    }
}
