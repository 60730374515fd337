import Foundation
import Testing

/// `guidance check`, run as the real binary: option validation names the bad value, `--list`
/// shows every claim, a single exact claim runs and prints its verdict table, and `--details`
/// lists its cases.
@Suite("guidance check")
struct CheckCommandTests {
    @Test("bad values are named in a one-line error", arguments: [
        (["--profile", "fast"], "--profile 'fast'"),
        (["--seed", "seven"], "--seed 'seven'"),
        (["--claim", "G9.9"], "--claim 'G9.9'"),
        (["--claim", "N.0", "--replay", "xyz"], "--replay 'xyz'"),
        (["--replay", "0x1"], "needs exactly one --claim"),
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
