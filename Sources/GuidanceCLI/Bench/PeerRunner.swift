import Diffusion
import Foundation

/// Runs the peer scripts of `Benchmarks/peers` with python3 and compares their numbers.
///
/// Each script reads one JSON file (the model, the times and schedule values, the inputs as raw
/// little-endian float64 files) and prints one JSON object: `seconds`, `work` and the output file,
/// or `error`. The child's environment drops `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE`, which
/// slow NumPy on this machine. Anything missing (python3, a module, the scripts) makes that peer
/// a notice, never a failure.
struct PeerRunner {
    let enabled: Bool
    let python: String
    let scripts: URL?
    /// Why the peers do not run, if they do not.
    let notice: String?

    init(enabled: Bool, python: String, scripts: URL?) {
        self.enabled = enabled
        self.python = python
        self.scripts = scripts
        notice = enabled && scripts == nil ? "no Benchmarks/peers folder found (give --peer-scripts)" : nil
    }

    private var active: Bool { enabled && notice == nil }

    /// `Benchmarks/peers` in or above the current directory, else beside this source file.
    static func defaultScripts() -> URL? {
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for candidate in [folder, URL(fileURLWithPath: #filePath).deletingLastPathComponent()] {
            folder = candidate
            for _ in 0..<6 {
                let peers = folder.appendingPathComponent("Benchmarks/peers")
                if FileManager.default.fileExists(atPath: peers.appendingPathComponent("sampler_numpy.py").path) { return peers }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// The peers' python, NumPy, SciPy and BLAS kernel (threadpoolctl's word, when installed).
    func environment() -> String? {
        guard active else { return nil }
        switch call("environment.py", input: [:]) {
        case let .success(object): return object["summary"] as? String
        case let .failure(reason):
            benchProgress("peers: \(reason)")
            return "unavailable: \(reason)"
        }
    }

    /// A sampler peer: the tool's name in the table, its script in Benchmarks/peers, and the
    /// settings it gets beside the model (e.g. `mode`, `precision`).
    struct SamplerPeer {
        var tool: String
        var script: String
        var settings: [String: String] = [:]
    }

    /// The CPU sampler workloads' peers, in the table's order. Adding a peer is a script in
    /// Benchmarks/peers (same input, same answer) and a line here.
    static let samplerPeers = [
        SamplerPeer(tool: "numpy", script: "sampler_numpy.py"), SamplerPeer(tool: "numba", script: "sampler_numba.py"),
        SamplerPeer(tool: "jax", script: "sampler_jax.py"),
    ]

    /// Every peer of `peers` on `n` particles of `batch`'s run (its problem, grid and schedule),
    /// the first `compared` (default all n) from the same start points and compared position by
    /// position with `batch`; the rest are the peer's own draws of the start law. A peer that
    /// cannot run (module missing, model not supported, no GPU) is a notice and left out.
    func runSampler(
        _ name: String, model: BenchModel, problem: GuidedProblem, batch: SampleBatch, particles n: Int, steps: Int,
        peers: [SamplerPeer] = Self.samplerPeers, compared: Int? = nil
    ) -> [PeerResult] {
        guard active else { return [] }
        let d = batch.dimension, schedule = problem.schedule, shared = min(n, compared ?? n, batch.count)
        let sd = schedule.startStandardDeviation(horizon: batch.times[0])
        let start = Sampler.startPoints(count: shared, dimension: d, seed: BenchModels.seed, standardDeviation: sd)
        var input = model.peerInput
        input["classIndex"] = problem.classIndex
        input["w"] = BenchModels.w
        input["times"] = batch.times
        input["m"] = batch.times.map(schedule.m)
        input["s"] = batch.times.map(schedule.s)
        input["f"] = batch.times.map(schedule.f)
        input["g2"] = batch.times.map(schedule.gSquared)
        input["particles"] = n
        input["startSd"] = sd
        input["seed"] = Int(BenchModels.seed)
        input["outputParticles"] = shared
        let expected = Array(batch.positions[0..<(shared * d)])
        return peers.compactMap { peer in
            benchProgress("\(name): \(peer.tool) peer, \(n) particles × \(steps) steps")
            var peerInput = input
            for (key, value) in peer.settings { peerInput[key] = value }
            return finish(name, tool: peer.tool, call(peer.script, input: peerInput, arrays: ["start": start]), expected: expected)
        }
    }

    func runFlowMap(model: BenchModel, levels: [Double], expected: [Double], sigma: Double, horizon: Double, end: Double) -> [PeerResult] {
        guard active else { return [] }
        var input = model.peerInput
        input["classIndex"] = 0
        input["w"] = BenchModels.w
        input["levels"] = levels
        input["sigma"] = sigma
        input["horizon"] = horizon
        input["end"] = end
        input["tolerance"] = BenchModels.flowTolerance
        benchProgress("flowmap: SciPy solve_ivp (DOP853) peer, \(levels.count) quantiles")
        return finish("flowmap", tool: "scipy DOP853", call("flowmap_scipy.py", input: input), expected: expected).map { [$0] } ?? []
    }

    func runQuadrature(model: BenchModel, points: [(x: Double, time: Int)], expected: [Double], levels: [(m: Double, s: Double)]) -> [PeerResult] {
        guard active else { return [] }
        var input = model.peerInput
        input["relativeTolerance"] = 1e-10
        input["x"] = points.map(\.x)
        input["m"] = points.map { levels[$0.time].m }
        input["s"] = points.map { levels[$0.time].s }
        benchProgress("quadrature: SciPy quad peer, \(points.count) evaluations")
        return finish("quadrature", tool: "scipy quad", call("quadrature_scipy.py", input: input), expected: expected).map { [$0] } ?? []
    }

    /// The peer's rate and its max difference from `expected` (the caller fills in the ratio).
    private func finish(_ name: String, tool: String, _ outcome: Result<[String: Any], PeerFailure>, expected: [Double]) -> PeerResult? {
        switch outcome {
        case let .failure(reason):
            benchProgress("\(name): \(tool) peer skipped: \(reason)")
            return nil
        case let .success(object):
            guard let seconds = object["seconds"] as? Double, let work = object["work"] as? Double,
                  let output = object["output"] as? [Double], output.count == expected.count
            else {
                benchProgress("\(name): \(tool) peer skipped: its answer lacks seconds, work or \(expected.count) outputs")
                return nil
            }
            let difference = PeerComparison.maxDifference(expected, output)
            benchProgress("\(name): \(tool) peer \(rateText(work / seconds))/s, max difference \(String(format: "%.2e", difference))")
            return PeerResult(tool: tool, work: work, seconds: seconds, rate: work / seconds, ratio: .nan, maxDifference: difference, compared: output.count)
        }
    }

    struct PeerFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script input.json` in a fresh folder; `arrays` become `<name>.f64` files named in
    /// the input under their key.
    private func call(_ script: String, input: [String: Any], arrays: [String: [Double]] = [:]) -> Result<[String: Any], PeerFailure> {
        guard let scripts else { return .failure(PeerFailure(description: "no peer scripts")) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var input = input
            for (name, values) in arrays {
                let file = folder.appendingPathComponent("\(name).f64")
                try values.withUnsafeBytes { try Data($0).write(to: file) }
                input[name] = file.path
            }
            let inputFile = folder.appendingPathComponent("input.json"), outputFile = folder.appendingPathComponent("output.json")
            try JSONSerialization.data(withJSONObject: input).write(to: inputFile)
            try Data().write(to: outputFile)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, scripts.appendingPathComponent(script).path, inputFile.path]
            var environment = ProcessInfo.processInfo.environment
            environment["OPENBLAS_CORETYPE"] = nil
            environment["OPENBLAS_L2_SIZE"] = nil
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outputFile)
            process.standardError = FileHandle.standardError
            try process.run()
            process.waitUntilExit()
            let text = try Data(contentsOf: outputFile)
            let object = (try? JSONSerialization.jsonObject(with: text)) as? [String: Any]
            if let error = object?["error"] as? String { return .failure(PeerFailure(description: error)) }
            guard process.terminationStatus == 0, let object else {
                let hint = process.terminationStatus == 127 ? " (is \(python) installed?)" : ""
                return .failure(PeerFailure(description: "\(python) \(script) exited with status \(process.terminationStatus)\(hint)"))
            }
            return .success(object)
        } catch {
            return .failure(PeerFailure(description: "could not run \(python): \(error)"))
        }
    }
}

/// How peer numbers are compared with the Swift ones.
enum PeerComparison {
    /// `max_i |a_i - b_i|`; `+∞` if the counts differ or a value is not finite in one and
    /// finite in the other.
    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        var largest = 0.0
        for (x, y) in zip(a, b) {
            if x.isFinite != y.isFinite { return .infinity }
            if x.isFinite { largest = max(largest, abs(x - y)) }
        }
        return largest
    }
}
