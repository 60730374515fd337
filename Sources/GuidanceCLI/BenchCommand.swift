import ArgumentParser
import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

#if canImport(Glibc)
    import Glibc
#endif

/// `guidance bench`: throughput of the library's own code paths (`Sampler.run`, `FlowMap1D`,
/// `NoisedMixture.marginalScore`) on named workloads, against NumPy/SciPy peers run in the same
/// invocation, with the machine's exp and multiply-add limits and the peak memory.
///
/// Units: a sampler workload does `particles × steps` particle-steps (Heun: two guided-score
/// evaluations each); the flow map does quantiles, each one adaptive ODE solve; the quadrature
/// workload does noised-score evaluations, each two adaptive integrals.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the sampler, the exact flow map and quadrature-backed scores against NumPy/SciPy peers.",
        discussion: """
            Workloads: gauss-d2, gauss-d16 (guided Heun ODE, OU, w = 3, 2 classes × 4 isotropic \
            Gaussians), box-d2 (the same on two uniform boxes), flowmap (exact 1-D flow-map quantiles \
            at tolerance 1e-8), quadrature (noised scores of a Beta(2, 5) density), scaling (time \
            against particles, components and dimension). Default: all but scaling. Progress goes to \
            stderr, the table to stdout. Peers (--peers) are the scripts in Benchmarks/peers, run \
            with python3 on a prefix of the same start points; their max difference from the Swift \
            numbers is printed beside the ratio.
            """)

    @Option(name: .customLong("workload"), help: "A workload to run; repeat for several (default: all but scaling).")
    var workloads: [BenchWorkload] = []

    @Option(help: "Particles per sampler workload.")
    var particles = 1_000_000

    @Option(help: "Steps per sampler workload (Heun, uniform grid from T = 10 to 1e-4).")
    var steps = 1000

    @Flag(help: "Run the NumPy/SciPy peers (python3 with numpy and scipy) and report ratios and max differences.")
    var peers = false

    @Option(help: "Particles the NumPy peer runs: the first ones of the Swift run, compared position by position (default: 10000 or --particles if fewer).")
    var peerParticles: Int?

    @Option(help: "Quantiles the flowmap workload computes, at q = (i + ½)/n.")
    var quantiles = 2000

    @Option(help: "Quantiles the SciPy peer computes (evenly spread over the Swift ones).")
    var peerQuantiles = 40

    @Option(help: "Noised-score evaluations of the quadrature workload.")
    var evaluations = 20_000

    @Option(help: "Evaluations the SciPy quad peer makes (evenly spread over the Swift ones).")
    var peerEvaluations = 400

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Add the scaling table (the same as --workload scaling).")
    var scaling = false

    @Option(help: "Largest particle count of the scaling table (10000000 for the full table).")
    var scalingMaxParticles = 1_000_000

    @Option(help: "The python interpreter for the peers.")
    var python = "python3"

    @Option(help: "The folder of the peer scripts (default: Benchmarks/peers of this package).")
    var peerScripts: String?

    func validate() throws {
        guard (1...Limits.positions).contains(particles) else {
            throw ValidationError("--particles \(particles): give 1 to \(Limits.positions).")
        }
        guard (1...100_000).contains(steps) else { throw ValidationError("--steps \(steps): give 1 to 100000.") }
        if let peerParticles, !(1...particles).contains(peerParticles) {
            throw ValidationError("--peer-particles \(peerParticles): give 1 to --particles (\(particles)).")
        }
        guard (1...1_000_000).contains(quantiles) else { throw ValidationError("--quantiles \(quantiles): give 1 to 1000000.") }
        guard (1...quantiles).contains(peerQuantiles) else {
            throw ValidationError("--peer-quantiles \(peerQuantiles): give 1 to --quantiles (\(quantiles)).")
        }
        guard (1...10_000_000).contains(evaluations) else {
            throw ValidationError("--evaluations \(evaluations): give 1 to 10000000.")
        }
        guard (1...evaluations).contains(peerEvaluations) else {
            throw ValidationError("--peer-evaluations \(peerEvaluations): give 1 to --evaluations (\(evaluations)).")
        }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads \(threads): give 1 to 1024.") }
        guard (10_000...10_000_000).contains(scalingMaxParticles) else {
            throw ValidationError("--scaling-max-particles \(scalingMaxParticles): give 10000 to 10000000.")
        }
        if let json {
            let folder = URL(fileURLWithPath: json).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--json \(json): the folder \(folder) does not exist.")
            }
        }
        if let peerScripts, !FileManager.default.fileExists(atPath: peerScripts + "/sampler_numpy.py") {
            throw ValidationError("--peer-scripts \(peerScripts): no sampler_numpy.py there.")
        }
    }

    func run() throws {
        var selected = workloads.isEmpty ? BenchWorkload.standard : workloads
        if scaling, !selected.contains(.scaling) { selected.append(.scaling) }
        let runner = PeerRunner(enabled: peers, python: python, scripts: peerScripts.map { URL(fileURLWithPath: $0) } ?? PeerRunner.defaultScripts())
        progress("measuring exp and multiply-add throughput on one core")
        var report = BenchReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: Machine.describe(), threads: threads,
            limits: MachineLimits.measure(), peerEnvironment: runner.environment())
        if let notice = runner.notice { progress("peers skipped: \(notice)") }
        for workload in selected where workload != .scaling {
            var result = try measure(workload, runner: runner, limits: report.limits)
            if let peer = result.peer { result.peer?.ratio = result.rate / peer.rate }
            report.results.append(result)
        }
        if selected.contains(.scaling) { report.scaling = try scalingTable() }
        print(report.table())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            do {
                try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            } catch {
                throw BenchError.cannotWrite(path: json, reason: "\(error)")
            }
        }
    }

    private func measure(_ workload: BenchWorkload, runner: PeerRunner, limits: MachineLimits) throws -> WorkloadResult {
        switch workload {
        case .gaussD2, .gaussD16:
            let d = workload == .gaussD2 ? 2 : 16
            let model = try BenchModels.gaussian(dimension: d, componentsPerClass: 4)
            var result = try runSampler(workload, model: model, runner: runner)
            result.accounting = Accounting.heunIsotropic(components: 8, classes: 2, dimension: d, limits: limits, threads: threads)
            result.achievedFraction = result.accounting.map { result.rate / $0.limitRate }
            return result
        case .boxD2:
            return try runSampler(workload, model: try BenchModels.boxes(), runner: runner)
        case .flowmap:
            return try runFlowMap(runner: runner)
        case .quadrature:
            return try runQuadrature(runner: runner)
        case .scaling:
            preconditionFailure("scaling is a table, not a workload row")
        }
    }

    private func runSampler(_ workload: BenchWorkload, model: BenchModel, runner: PeerRunner) throws -> WorkloadResult {
        let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
        var settings = SamplerSettings(kind: .odeHeun, steps: steps, particles: particles, seed: BenchModels.seed)
        settings.threads = threads
        progress("\(workload.rawValue): Sampler.run, \(particles) particles × \(steps) steps, \(threads) threads")
        let clock = ContinuousClock(), start = clock.now, cpu = ResourceUsage.cpuSeconds()
        let batch = try Sampler.run(problem, settings)
        let seconds = (clock.now - start).seconds
        var result = WorkloadResult(
            workload: workload.rawValue, unit: "particle-steps/s", work: Double(particles) * Double(steps), seconds: seconds,
            cpuSeconds: ResourceUsage.cpuSeconds() - cpu, peakMemoryMiB: ResourceUsage.peakMemoryMiB(),
            stateMiB: Double(particles * model.mixture.dimension * 8) / 1_048_576)
        progress("\(workload.rawValue): \(format(result.rate)) particle-steps/s")
        result.peer = runner.runSampler(
            workload.rawValue, model: model, problem: problem, batch: batch, particles: peerParticles ?? min(10_000, particles), steps: steps)
        return result
    }

    private func runFlowMap(runner: PeerRunner) throws -> WorkloadResult {
        let model = try BenchModels.oneDimensional()
        let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
        let flow = try FlowMap1D(problem: problem, tolerance: BenchModels.flowTolerance)
        let levels = (0..<quantiles).map { (Double($0) + 0.5) / Double(quantiles) }
        progress("flowmap: \(quantiles) quantiles of FlowMap1D at tolerance \(BenchModels.flowTolerance), \(threads) threads")
        let clock = ContinuousClock(), start = clock.now, cpu = ResourceUsage.cpuSeconds()
        let values = try parallelMap(levels.count) { try flow.quantile(levels[$0]) }
        let seconds = (clock.now - start).seconds
        var result = WorkloadResult(
            workload: "flowmap", unit: "quantiles/s", work: Double(quantiles), seconds: seconds, cpuSeconds: ResourceUsage.cpuSeconds() - cpu,
            peakMemoryMiB: ResourceUsage.peakMemoryMiB())
        progress("flowmap: \(format(result.rate)) quantiles/s")
        let picked = spread(peerQuantiles, over: quantiles)
        result.peer = runner.runFlowMap(
            model: model, levels: picked.map { levels[$0] }, expected: picked.map { values[$0] }, sigma: flow.startStandardDeviation,
            horizon: flow.horizon, end: flow.end)
        return result
    }

    private func runQuadrature(runner: PeerRunner) throws -> WorkloadResult {
        let model = try BenchModels.beta()
        let points = BenchModels.quadraturePoints(evaluations)
        let noised = try BenchModels.quadratureTimes.map { try model.mixture.noised(at: $0, schedule: .ou) }
        progress("quadrature: \(evaluations) noised scores of a Beta(2, 5) density (QAGS at 1e-10), \(threads) threads")
        let clock = ContinuousClock(), start = clock.now, cpu = ResourceUsage.cpuSeconds()
        let scores = try parallelMap(points.count) { i in
            let level = noised[points[i].time]
            var scratch = level.makeScratch()
            let x = [points[i].x]
            var g = [0.0]
            _ = try x.withUnsafeBufferPointer { xp in
                try g.withUnsafeMutableBufferPointer { try level.marginalScore(xp, into: $0, scratch: &scratch) }
            }
            return g[0]
        }
        let seconds = (clock.now - start).seconds
        var result = WorkloadResult(
            workload: "quadrature", unit: "evaluations/s", work: Double(evaluations), seconds: seconds, cpuSeconds: ResourceUsage.cpuSeconds() - cpu,
            peakMemoryMiB: ResourceUsage.peakMemoryMiB())
        progress("quadrature: \(format(result.rate)) evaluations/s")
        let picked = spread(peerEvaluations, over: evaluations)
        result.peer = runner.runQuadrature(
            model: model, points: picked.map { points[$0] }, expected: picked.map { scores[$0] },
            levels: noised.map { ($0.m, $0.s) })
        return result
    }

    /// Time against particles (d = 2, 8 components), components (d = 2) and dimension (8
    /// components), each at `min(steps, 20)` Heun steps: every row should cost the same per unit.
    private func scalingTable() throws -> [ScalingRow] {
        let scalingSteps = min(steps, 20)
        var rows: [ScalingRow] = []
        func row(_ axis: String, _ value: Int, particles n: Int, model: BenchModel, units: Double) throws {
            let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
            var settings = SamplerSettings(kind: .odeHeun, steps: scalingSteps, particles: n, seed: BenchModels.seed)
            settings.threads = threads
            progress("scaling: \(axis) = \(value)")
            let clock = ContinuousClock(), start = clock.now
            _ = try Sampler.run(problem, settings)
            let seconds = (clock.now - start).seconds
            let work = Double(n) * Double(scalingSteps)
            rows.append(ScalingRow(
                axis: axis, value: value, particles: n, steps: scalingSteps, seconds: seconds,
                nanosecondsPerParticleStep: 1e9 * seconds / work, nanosecondsPerUnit: 1e9 * seconds / (work * units),
                peakMemoryMiB: ResourceUsage.peakMemoryMiB()))
        }
        var n = 10_000
        while n <= scalingMaxParticles {
            try row("particles", n, particles: n, model: try BenchModels.gaussian(dimension: 2, componentsPerClass: 4), units: 1)
            n *= 10
        }
        for k in [2, 4, 8, 16, 32, 64] {
            try row("components", k, particles: 100_000, model: try BenchModels.gaussian(dimension: 2, componentsPerClass: k / 2), units: Double(k))
        }
        for d in [1, 2, 4, 8, 16, 32, 64] {
            try row("dimension", d, particles: 100_000, model: try BenchModels.gaussian(dimension: d, componentsPerClass: 4), units: Double(d))
        }
        return rows
    }

    /// `body(i)` for `i` in `0..<count` on `threads` workers, in index order in the result.
    private func parallelMap(_ count: Int, _ body: @Sendable (Int) throws -> Double) throws -> [Double] {
        var out = [Double](repeating: .nan, count: count)
        try out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            try WorkSplit(count: count, chunkSize: 1).forEachChunk(threads: threads) { chunk in
                for i in chunk { buffer[i] = try body(i) }
            }
        }
        return out
    }
}

/// The named workloads of `guidance bench`.
enum BenchWorkload: String, CaseIterable, ExpressibleByArgument {
    case gaussD2 = "gauss-d2"
    case gaussD16 = "gauss-d16"
    case boxD2 = "box-d2"
    case flowmap
    case quadrature
    case scaling

    static let standard: [BenchWorkload] = [.gaussD2, .gaussD16, .boxD2, .flowmap, .quadrature]
}

/// A failure of the benchmark itself (a peer that fails is a notice, not an error).
enum BenchError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}

/// A workload's model: one `MixtureSpec`, built into the `Mixture` the Swift side runs and
/// handed to the peers as its JSON (`MixtureSpec.json()`, README "Spec format"), which
/// `Benchmarks/peers/peer_common.py` reads.
struct BenchModel {
    let spec: MixtureSpec
    let mixture: Mixture

    init(_ spec: MixtureSpec) throws {
        self.spec = spec
        mixture = try spec.build().mixture
    }

    /// The peers' input: `{"spec": <the spec's JSON>}`.
    var peerInput: [String: Any] {
        ["spec": (try? JSONSerialization.jsonObject(with: Data(spec.json().utf8))) ?? [:]]
    }
}

/// The fixed models of the workloads, as specs (OU; `Mixture` normalises the weights).
enum BenchModels {
    static let seed: UInt64 = 2026
    static let w = 3.0
    static let flowTolerance = 1e-8
    static let quadratureTimes = [0.01, 0.1, 1.0]

    /// Two classes of weight 1, each a mixture of `componentsPerClass` isotropic Gaussians in
    /// dimension d: component k of class c has mean `(2c - 1)·1.5 + sin(1.3 (k + 1)(i + 1) + c)` in
    /// coordinate i, covariance `(0.2 + 0.1 (k mod 4)) I` and relative weight `1 + k mod 3`.
    static func gaussian(dimension d: Int, componentsPerClass k: Int) throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: (0..<2).map { c in
            MixtureSpec.ClassSpec(weight: 1, components: (0..<k).map { j in
                let mean = (0..<d).map { i in Double(2 * c - 1) * 1.5 + sin(1.3 * Double((j + 1) * (i + 1)) + Double(c)) }
                let variance = 0.2 + 0.1 * Double(j % 4)
                let cov = (0..<d).map { i in (0..<d).map { $0 == i ? variance : 0 } }
                return .gaussian(weight: Double(1 + j % 3), mean: mean, cov: cov)
            })
        }))
    }

    /// Class 0: the box `[-2, -0.5] × [-1, 1]`; class 1: `[0.5, 2] × [-1.5, 0.5]`; both uniform.
    static func boxes() throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 1, components: [.uniform(lower: [-2, -1], upper: [-0.5, 1])]),
            .init(weight: 1, components: [.uniform(lower: [0.5, -1.5], upper: [2, 0.5])]),
        ]))
    }

    /// 1-D: class 0 `0.5 N(-1, 0.3) + 0.5 N(0.8, 0.1)`, class 1 `N(2, 0.5)`, equal class weights.
    static func oneDimensional() throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 1, components: [.gaussian(weight: 0.5, mean: [-1], cov: [[0.3]]), .gaussian(weight: 0.5, mean: [0.8], cov: [[0.1]])]),
            .init(weight: 1, components: [.gaussian(weight: 1, mean: [2], cov: [[0.5]])]),
        ]))
    }

    /// Beta(2, 5) on `[0, 1]`, quadrature-backed (relative tolerance 1e-10).
    static func beta() throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: [.init(weight: 1, components: [.beta(lower: 0, upper: 1, alpha: 2, beta: 5)])]))
    }

    /// Evaluation i: `x` evenly over `[-0.5, 1.5]`, the time cycling through `quadratureTimes`.
    static func quadraturePoints(_ n: Int) -> [(x: Double, time: Int)] {
        (0..<n).map { (-0.5 + 2 * (Double($0) + 0.5) / Double(n), $0 % quadratureTimes.count) }
    }
}

/// The exp and multiply-add throughput of one core, measured with micro-loops.
struct MachineLimits: Codable {
    /// Exponentials per second of `VectorExp` (eight lanes per call, in place over a buffer of
    /// 1024 arguments in `[-30, 0]` copied in first, as the score gathers its arguments), the
    /// exp the score's log-sum-exp uses.
    var expPerSecond: Double
    /// Double-precision multiply-adds (`a·b + c`, 2 flops) per second with 2-lane SIMD, as this
    /// build compiles them (baseline x86-64: SSE2, separate multiply and add).
    var multiplyAddPerSecond: Double

    static func measure() -> MachineLimits {
        let arguments = (0..<1024).map { -30 * Double($0) / 1024 }
        var buffer = arguments
        let expRate = best(of: 3) {
            var sum = 0.0
            buffer.withUnsafeMutableBufferPointer { values in
                for _ in 0..<4000 {
                    for i in 0..<1024 { values[i] = arguments[i] }
                    VectorExp.exp(values.baseAddress!, count: 1024)
                    sum += values[1023]
                }
            }
            MicroLoopSink.value += sum
            return 4000 * 1024
        }
        let multiplyAddRate = best(of: 3) {
            var lanes = (0..<8).map { SIMD2<Double>(Double($0), Double($0) + 0.5) }
            let a = SIMD2<Double>(repeating: 0.999_999), b = SIMD2<Double>(repeating: 1e-7)
            let rounds = 20_000_000
            lanes.withUnsafeMutableBufferPointer { v in
                var (v0, v1, v2, v3, v4, v5, v6, v7) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
                for _ in 0..<rounds {
                    v0 = v0 * a + b; v1 = v1 * a + b; v2 = v2 * a + b; v3 = v3 * a + b
                    v4 = v4 * a + b; v5 = v5 * a + b; v6 = v6 * a + b; v7 = v7 * a + b
                }
                (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]) = (v0, v1, v2, v3, v4, v5, v6, v7)
            }
            MicroLoopSink.value += lanes.reduce(0) { $0 + $1.sum() }
            return Double(rounds) * 16
        }
        return MachineLimits(expPerSecond: expRate, multiplyAddPerSecond: multiplyAddRate)
    }

    /// The best rate of `runs` timings of `body`, which returns its operation count.
    private static func best(of runs: Int, _ body: () -> Double) -> Double {
        (0..<runs).map { _ in
            let clock = ContinuousClock(), start = clock.now
            let operations = body()
            return operations / (clock.now - start).seconds
        }.max()!
    }
}

/// Keeps the micro-loops' results alive so the optimiser cannot drop them.
enum MicroLoopSink {
    nonisolated(unsafe) static var value = 0.0
}

/// The cost of one guided Heun particle-step on isotropic Gaussians (K components in C classes,
/// dimension d), exps and flops from `NoisedMixture.OperationCount.heunStep`:
/// ```
/// limit per core         1 / (exps / expRate + flops / (2·multiplyAddRate))
/// ```
/// (`flops / (2·multiplyAddRate)` treats every flop as a 2-lane multiply-add slot, so the limit is
/// an upper bound; exp and arithmetic are assumed not to overlap.)
struct Accounting: Codable {
    var expPerParticleStep: Double
    var flopsPerParticleStep: Double
    var nanosecondsInExp: Double
    var nanosecondsInArithmetic: Double
    /// The limit on all `threads` cores, particle-steps per second.
    var limitRate: Double

    static func heunIsotropic(components k: Int, classes c: Int, dimension d: Int, limits: MachineLimits, threads: Int) -> Accounting {
        let count = NoisedMixture.OperationCount.heunStep(components: k, classes: c, dimension: d)
        let exps = Double(count.exps), flops = Double(count.flops)
        let expTime = exps / limits.expPerSecond, flopTime = flops / (2 * limits.multiplyAddPerSecond)
        let cores = Double(min(threads, ProcessInfo.processInfo.activeProcessorCount))
        return Accounting(
            expPerParticleStep: exps, flopsPerParticleStep: flops, nanosecondsInExp: 1e9 * expTime,
            nanosecondsInArithmetic: 1e9 * flopTime, limitRate: cores / (expTime + flopTime))
    }
}

/// The CPU model and core count.
enum Machine {
    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}

struct WorkloadResult: Codable {
    var workload: String
    var unit: String
    var work: Double
    var seconds: Double
    var rate: Double
    /// CPU time of the process (all threads) during the run: `cpuSeconds / seconds` below the
    /// thread count means other processes took cores.
    var cpuSeconds: Double
    var peakMemoryMiB: Double
    /// `particles × d × 8 B`, the sampler's state, for comparison with the peak.
    var stateMiB: Double?
    var accounting: Accounting?
    var achievedFraction: Double?
    var peer: PeerResult?

    init(workload: String, unit: String, work: Double, seconds: Double, cpuSeconds: Double, peakMemoryMiB: Double, stateMiB: Double? = nil) {
        (self.workload, self.unit, self.work, self.seconds, self.rate) = (workload, unit, work, seconds, work / seconds)
        (self.cpuSeconds, self.peakMemoryMiB, self.stateMiB) = (cpuSeconds, peakMemoryMiB, stateMiB)
    }
}

/// A peer's run of a workload and how far its numbers are from the Swift ones.
struct PeerResult: Codable {
    var tool: String
    var work: Double
    var seconds: Double
    var rate: Double
    /// Swift rate / peer rate.
    var ratio: Double
    /// `max |swift - peer|` over the `compared` shared outputs (positions, quantiles or scores).
    var maxDifference: Double
    var compared: Int
}

struct ScalingRow: Codable {
    var axis: String
    var value: Int
    var particles: Int
    var steps: Int
    var seconds: Double
    var nanosecondsPerParticleStep: Double
    /// Per particle-step and per unit of the axis (a component, a coordinate; 1 for particles).
    var nanosecondsPerUnit: Double
    var peakMemoryMiB: Double
}

struct BenchReport: Codable {
    var date: String
    var machine: String
    var threads: Int
    var limits: MachineLimits
    var peerEnvironment: String?
    var results: [WorkloadResult] = []
    var scaling: [ScalingRow]?

    /// The table printed on stdout.
    func table() -> String {
        var lines = [
            "guidance bench  \(date)  \(machine), \(threads) threads",
            "one core: exp (VectorExp) \(format(limits.expPerSecond))/s, multiply-add (2-lane SSE2) \(format(limits.multiplyAddPerSecond))/s",
        ]
        if let peerEnvironment { lines.append("peers: \(peerEnvironment)") }
        lines.append("")
        lines.append(pad(["workload", "swift", "unit", "seconds", "cpu-s", "peer", "peer rate", "ratio", "max diff", "peak MiB"]))
        for r in results {
            lines.append(pad([
                r.workload, format(r.rate), r.unit, String(format: "%.2f", r.seconds), String(format: "%.2f", r.cpuSeconds), r.peer?.tool ?? "-",
                r.peer.map { format($0.rate) } ?? "-", r.peer.map { String(format: "%.1fx", $0.ratio) } ?? "-",
                r.peer.map { String(format: "%.1e", $0.maxDifference) } ?? "-", String(format: "%.0f", r.peakMemoryMiB),
            ]))
        }
        for r in results {
            guard let a = r.accounting, let fraction = r.achievedFraction else { continue }
            let cost = String(
                format: "%.0f exp + %.0f flops per particle-step = %.0f ns exp + %.0f ns arithmetic per core",
                a.expPerParticleStep, a.flopsPerParticleStep, a.nanosecondsInExp, a.nanosecondsInArithmetic)
            lines.append("\(r.workload): \(cost); limit \(format(a.limitRate))/s, achieved \(String(format: "%.0f%%", 100 * fraction))")
        }
        for r in results {
            if let state = r.stateMiB {
                lines.append("\(r.workload): " + String(format: "positions %.0f MiB (particles × d × 8 B), peak resident so far %.0f MiB", state, r.peakMemoryMiB))
            }
        }
        if let scaling, !scaling.isEmpty {
            lines.append("")
            lines.append(pad(["scaling", "value", "particles", "steps", "seconds", "ns/particle-step", "ns/unit", "peak MiB"]))
            for s in scaling {
                lines.append(pad([
                    s.axis, "\(s.value)", "\(s.particles)", "\(s.steps)", String(format: "%.3f", s.seconds),
                    String(format: "%.1f", s.nanosecondsPerParticleStep), String(format: "%.2f", s.nanosecondsPerUnit),
                    String(format: "%.0f", s.peakMemoryMiB),
                ]))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ cells: [String]) -> String {
        let widths = [11, 10, 17, 9, 8, 14, 10, 8, 9, 9]
        return zip(cells, widths + Array(repeating: 10, count: max(0, cells.count - widths.count)))
            .map { $0.padding(toLength: max($1, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
    }
}

/// Runs the peer scripts of `Benchmarks/peers` with python3 and compares their numbers.
///
/// Each script reads one JSON file (the model, the times and schedule values, the inputs as raw
/// little-endian float64 files) and prints one JSON object: `seconds`, `work` and the output file,
/// or `error`. The child's environment drops `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE`, which
/// slow NumPy on this machine. Anything missing (python3, numpy, scipy, the scripts) makes the
/// peers a notice, never a failure.
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
            progress("peers: \(reason)")
            return "unavailable: \(reason)"
        }
    }

    func runSampler(_ name: String, model: BenchModel, problem: GuidedProblem, batch: SampleBatch, particles n: Int, steps: Int) -> PeerResult? {
        guard active else { return nil }
        let d = batch.dimension, schedule = problem.schedule
        let start = Sampler.startPoints(count: n, dimension: d, seed: BenchModels.seed, standardDeviation: schedule.startStandardDeviation(horizon: batch.times[0]))
        var input = model.peerInput
        input["classIndex"] = problem.classIndex
        input["w"] = BenchModels.w
        input["times"] = batch.times
        input["m"] = batch.times.map(schedule.m)
        input["s"] = batch.times.map(schedule.s)
        input["f"] = batch.times.map(schedule.f)
        input["g2"] = batch.times.map(schedule.gSquared)
        input["particles"] = n
        progress("\(name): NumPy peer, \(n) particles × \(steps) steps")
        return finish(name, tool: "numpy", call("sampler_numpy.py", input: input, arrays: ["start": start]), expected: Array(batch.positions[0..<(n * d)]))
    }

    func runFlowMap(model: BenchModel, levels: [Double], expected: [Double], sigma: Double, horizon: Double, end: Double) -> PeerResult? {
        guard active else { return nil }
        var input = model.peerInput
        input["classIndex"] = 0
        input["w"] = BenchModels.w
        input["levels"] = levels
        input["sigma"] = sigma
        input["horizon"] = horizon
        input["end"] = end
        input["tolerance"] = BenchModels.flowTolerance
        progress("flowmap: SciPy solve_ivp (DOP853) peer, \(levels.count) quantiles")
        return finish("flowmap", tool: "scipy DOP853", call("flowmap_scipy.py", input: input), expected: expected)
    }

    func runQuadrature(model: BenchModel, points: [(x: Double, time: Int)], expected: [Double], levels: [(m: Double, s: Double)]) -> PeerResult? {
        guard active else { return nil }
        var input = model.peerInput
        input["relativeTolerance"] = 1e-10
        input["x"] = points.map(\.x)
        input["m"] = points.map { levels[$0.time].m }
        input["s"] = points.map { levels[$0.time].s }
        progress("quadrature: SciPy quad peer, \(points.count) evaluations")
        return finish("quadrature", tool: "scipy quad", call("quadrature_scipy.py", input: input), expected: expected)
    }

    /// The peer's rate and its max difference from `expected` (the caller fills in the ratio).
    private func finish(_ name: String, tool: String, _ outcome: Result<[String: Any], PeerFailure>, expected: [Double]) -> PeerResult? {
        switch outcome {
        case let .failure(reason):
            progress("\(name): peer skipped: \(reason)")
            return nil
        case let .success(object):
            guard let seconds = object["seconds"] as? Double, let work = object["work"] as? Double,
                  let output = object["output"] as? [Double], output.count == expected.count
            else {
                progress("\(name): peer skipped: its answer lacks seconds, work or \(expected.count) outputs")
                return nil
            }
            let difference = PeerComparison.maxDifference(expected, output)
            progress("\(name): peer \(format(work / seconds))/s, max difference \(String(format: "%.2e", difference))")
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

/// `count` indices spread evenly over `0..<total`.
private func spread(_ count: Int, over total: Int) -> [Int] {
    (0..<count).map { Int((Double($0) + 0.5) * Double(total) / Double(count)) }
}

/// `1.23e+07`-style rates.
private func format(_ value: Double) -> String { String(format: "%.3g", value) }

private func progress(_ line: String) {
    FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
