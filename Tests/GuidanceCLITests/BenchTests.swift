import Foundation
import Testing

/// `guidance bench` on tiny runs of the real binary: the numbers it reports come from the library
/// and agree with the peers' independent computation; bad options are refused. No timing is
/// asserted.
struct BenchTests {
    /// Runs `guidance bench arguments…` beside the test runner; output through files, so a full
    /// pipe cannot block the child.
    static func bench(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = runner.deletingLastPathComponent()
        var binary: URL?
        for _ in 0..<4 where binary == nil {
            let candidate = folder.appendingPathComponent("guidance")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { binary = candidate }
            folder = folder.deletingLastPathComponent()
        }
        let executable = try #require(binary, "no guidance executable near \(runner.path)")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("stdout"), err = work.appendingPathComponent("stderr")
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["bench"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    @Test("a tiny sampler and flow-map run reports its work, and the peers agree with it")
    func tinyRunMatchesPeers() throws {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let run = try Self.bench([
            "--workload", "gauss-d2", "--workload", "flowmap", "--particles", "32", "--steps", "8", "--quantiles", "4",
            "--peer-quantiles", "2", "--peers", "--json", json.path,
        ])
        #expect(run.status == 0, "exit \(run.status): \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.map { $0["workload"] as? String } == ["gauss-d2", "flowmap"])
        #expect((results[0]["work"] as? NSNumber)?.doubleValue == 256)
        #expect((results[1]["work"] as? NSNumber)?.doubleValue == 4)
        #expect(run.stdout.contains("gauss-d2") && run.stdout.contains("flowmap"))
        // The peers need python3 with numpy and scipy; without them the run says so and goes on.
        guard let sampler = results[0]["peer"] as? [String: Any], let flow = results[1]["peer"] as? [String: Any] else {
            #expect(run.stderr.contains("peer skipped") || run.stderr.contains("peers: "), "no peer and no notice: \(run.stderr)")
            return
        }
        #expect((sampler["compared"] as? NSNumber)?.intValue == 64)
        let samplerDifference = try #require(sampler["maxDifference"] as? Double)
        #expect(samplerDifference < 1e-9, "Heun positions differ from NumPy's by \(samplerDifference)")
        let flowDifference = try #require(flow["maxDifference"] as? Double)
        #expect(flowDifference < 1e-5, "flow-map quantiles differ from solve_ivp's by \(flowDifference)")
    }

    @Test("bad options are refused with a message naming the option", arguments: [
        (["--particles", "0"], "--particles 0"),
        (["--particles", "10", "--peer-particles", "20"], "--peer-particles 20"),
        (["--workload", "nonsense"], "nonsense"),
        (["--threads", "0"], "--threads 0"),
    ])
    func refusesBadOptions(arguments: [String], message: String) throws {
        let run = try Self.bench(arguments)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "stderr: \(run.stderr)")
    }
}
