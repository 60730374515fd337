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
            "--peer-quantiles", "2", "--peers", "--json", json.path, "--python", Self.peerPython,
        ])
        #expect(run.status == 0, "exit \(run.status): \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.map { $0["workload"] as? String } == ["gauss-d2", "flowmap"])
        #expect((results[0]["work"] as? NSNumber)?.doubleValue == 256)
        #expect((results[1]["work"] as? NSNumber)?.doubleValue == 4)
        #expect(run.stdout.contains("gauss-d2") && run.stdout.contains("flowmap"))
        // The peers need python with numpy and scipy (numba and jax for those peers); a missing
        // module makes that peer a notice and the run goes on. CI installs all of them
        // (.ci/run, GUIDANCE_PEER_PYTHON), so there every peer must be present.
        let samplerPeers = results[0]["peers"] as? [[String: Any]] ?? []
        let flowPeers = results[1]["peers"] as? [[String: Any]] ?? []
        let tools = samplerPeers.compactMap { $0["tool"] as? String }
        if ProcessInfo.processInfo.environment["GUIDANCE_REQUIRE_PEERS"] == "1" {
            #expect(tools == ["numpy", "numba", "jax"] && flowPeers.count == 1, "peers run: \(tools), stderr: \(run.stderr)")
        }
        if samplerPeers.count < 3 || flowPeers.isEmpty {
            #expect(run.stderr.contains("peer skipped") || run.stderr.contains("peers: "), "a peer missing and no notice: \(run.stderr)")
        }
        for peer in samplerPeers {
            #expect((peer["compared"] as? NSNumber)?.intValue == 64)
            let difference = try #require(peer["maxDifference"] as? Double)
            #expect(difference < 1e-9, "Heun positions differ from \(peer["tool"] ?? "?")'s by \(difference)")
        }
        for peer in flowPeers {
            let difference = try #require(peer["maxDifference"] as? Double)
            #expect(difference < 1e-5, "flow-map quantiles differ from solve_ivp's by \(difference)")
        }
    }

    /// The peers' interpreter: `GUIDANCE_PEER_PYTHON` (CI: the venv with numba and jax), else python3.
    static var peerPython: String { ProcessInfo.processInfo.environment["GUIDANCE_PEER_PYTHON"] ?? "python3" }

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
