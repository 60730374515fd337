import ClaimKit
import Foundation
import Testing

/// `ExpectedTimes`: the file's checks (typed errors naming the field), what a run records and
/// how `--list` prints it.
@Suite("Expected times")
struct ExpectedTimesTests {
    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("times-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a missing file is an empty table; a measurement prints in its unit, a gap as not measured")
    func summaries() throws {
        var times = try ExpectedTimes.load(from: URL(fileURLWithPath: "/nonexistent/ExpectedTimes.json"))
        #expect(times == ExpectedTimes())
        times.profiles["ci"] = ["X.1": .init(seconds: 3.71, measured: "2026-12-07", machine: "m", version: "v")]
        times.profiles["thorough"] = ["X.1": .init(seconds: 2700, measured: "2026-12-07", machine: "m", version: "v")]
        #expect(times.summary(for: "X.1") == "ci 3.7 s, thorough 45.0 min")
        #expect(times.summary(for: "Y.2") == "ci not measured, thorough not measured")
        #expect(ExpectedTimes.duration(12.4) == "12 s" && ExpectedTimes.duration(9000) == "2.5 h")
        let reread = try ExpectedTimes.load(from: try Self.file(String(decoding: try times.encoded(), as: UTF8.self)))
        #expect(reread == times)
    }

    @Test("malformed files are refused naming the field", arguments: [
        (#"{"format": "guidance-times/1", "profiles": {"fast": {}}}"#, "profiles.fast"),
        (#"{"format": "guidance-times/1", "profiles": {"ci": {"X.1": {"seconds": -1, "measured": "d", "machine": "m", "version": "v"}}}}"#, "profiles.ci.X.1.seconds"),
        (#"{"format": "guidance-times/2", "profiles": {}}"#, "guidance-times/2"),
        (#"{"format": "guidance-times/1", "profiles": {"ci": {"X.1": {"seconds": 1}}}}"#, "measured"),
        ("not json", "ExpectedTimes"),
    ])
    func malformed(text: String, named: String) throws {
        let url = try Self.file(text)
        do {
            _ = try ExpectedTimes.load(from: url)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(named) || error.description.contains(url.path), "\(error)")
            if case .malformed = error {} else { Issue.record("not .malformed: \(error)") }
        }
    }
}
