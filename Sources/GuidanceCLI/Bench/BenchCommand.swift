import ArgumentParser
import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

#if canImport(Glibc)
    import Glibc
#endif

/// `guidance bench`: throughput of the library's own code paths (`Sampler.run`, `FlowMap1D`,
/// `NoisedMixture.marginalScore`) on named workloads, against peers (NumPy, Numba, JAX, SciPy) run in
/// the same invocation, with the machine's exp and multiply-add limits and the peak memory.
///
/// Units: a sampler workload does `particles × steps` particle-steps (Heun: two guided-score
/// evaluations each); the flow map does quantiles, each one adaptive ODE solve; the quadrature
/// workload does noised-score evaluations, each two adaptive integrals.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the sampler, the exact flow map and quadrature-backed scores against NumPy, Numba, JAX and SciPy peers.",
        discussion: """
            Workloads: gauss-d2, gauss-d16 (guided Heun ODE, OU, w = 3, 2 classes × 4 isotropic \
            Gaussians), box-d2 (the same on two uniform boxes), flowmap (exact 1-D flow-map quantiles \
            at tolerance 1e-8), quadrature (noised scores of a Beta(2, 5) density), scaling (time \
            against particles, components and dimension). Default: all but scaling. Progress goes to \
            stderr, the table to stdout. Peers (--peers) are the scripts in Benchmarks/peers, run \
            with --python on a prefix of the same start points: the sampler workloads against NumPy, \
            Numba (parallel njit) and JAX (jit, float64), flowmap and quadrature against SciPy; each \
            peer's max difference from the Swift numbers is printed beside its ratio. A peer whose \
            module is missing is skipped with a notice (Benchmarks/README.md: how to install them).
            """)

    @Option(name: .customLong("workload"), help: "A workload to run; repeat for several (default: all but scaling).")
    var workloads: [BenchWorkload] = []

    @Option(help: "Particles per sampler workload.")
    var particles = 1_000_000

    @Option(help: "Steps per sampler workload (Heun, uniform grid from T = 10 to 1e-4).")
    var steps = 1000

    @Flag(help: "Run the peers (NumPy, Numba, JAX; SciPy for flowmap and quadrature) and report ratios and max differences.")
    var peers = false

    @Option(help: "Particles the sampler peers run: the first ones of the Swift run, compared position by position (default: 10000 or --particles if fewer).")
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

    @Option(help: "The python interpreter for the peers (e.g. .venv-peers/bin/python with numpy, scipy, numba and jax).")
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
        benchProgress("measuring exp and multiply-add throughput on one core")
        var report = BenchReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: Machine.describe(), threads: threads,
            limits: MachineLimits.measure(), peerEnvironment: runner.environment())
        if let notice = runner.notice { benchProgress("peers skipped: \(notice)") }
        for workload in selected where workload != .scaling {
            var result = try measure(workload, runner: runner, limits: report.limits)
            for i in result.peers.indices { result.peers[i].ratio = result.rate / result.peers[i].rate }
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
}
