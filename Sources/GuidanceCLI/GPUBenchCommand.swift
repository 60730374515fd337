import ArgumentParser
import CUDASampler
import Diffusion
import Foundation

/// `guidance gpu bench`: the CUDA sampler's throughput on the GPU workload of issue 15 (2
/// classes × 8 isotropic Gaussian components each, d = 2 and 16, OU, w = 3, Heun, float32,
/// 10^7 particles), against PyTorch (eager and `torch.compile`) and JAX (`jit`) peers of the same
/// work run on the same card in the same invocation, with the offline model's bound beside it.
///
/// The timed run is `CUDABackend.run` from the problem to the final positions on the host (the
/// NVRTC compile is done by a warm-up run of 1024 particles × 2 steps first, and cached); the
/// peers time their own step loop. Positions of the first `--compare` particles, started from
/// the same points, are compared with each peer's.
struct GPUBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the CUDA sampler on the GPU workload against PyTorch and JAX peers on the same card.",
        discussion: """
            Needs an NVIDIA card (the CUDA driver and NVRTC, see `guidance gpu info`). The model \
            column is the offline bound of `guidance gpu kernels` for the Heun kernel (needs ptxas; \
            left out without it), labelled as a model. Peers (--peers): Benchmarks/peers/ \
            sampler_torch.py (mode eager and compile) and sampler_jax.py (precision float32), run \
            with --python on --peer-particles particles; a peer that cannot run (no module, no CUDA \
            in torch) is skipped with a notice. Progress goes to stderr, the table to stdout.
            """)

    @Option(help: "Particles of the CUDA run.")
    var particles = 10_000_000

    @Option(help: "Heun steps (uniform grid from T = 10 to 1e-4).")
    var steps = 1000

    @Option(name: .customLong("dimension"), help: "A dimension of the workload; repeat for several (default: 2 and 16).")
    var dimensions: [Int] = []

    @Option(help: "The kernels' precision: f32 (the workload's) or f64.")
    var precision: KernelTables.Precision = .f32

    @Flag(help: "Run the PyTorch and JAX peers on the same card.")
    var peers = false

    @Option(help: "Particles each peer runs.")
    var peerParticles = 1 << 20

    @Option(help: "Particles whose final positions are compared with each peer's (same start points).")
    var compare = 1000

    @Option(help: "The python interpreter for the peers (with torch and/or jax for CUDA).")
    var python = "python3"

    @Option(help: "The folder of the peer scripts (default: Benchmarks/peers of this package).")
    var peerScripts: String?

    func validate() throws {
        guard (1...Limits.positions).contains(particles) else { throw ValidationError("--particles \(particles): give 1 to \(Limits.positions).") }
        guard (2...100_000).contains(steps) else { throw ValidationError("--steps \(steps): give 2 to 100000.") }
        for d in dimensions where !SamplerKernels.dimensions.contains(d) {
            throw ValidationError("--dimension \(d): give one of \(SamplerKernels.dimensions.map(String.init).joined(separator: ", ")).")
        }
        guard (1...Limits.positions).contains(peerParticles) else { throw ValidationError("--peer-particles \(peerParticles): give 1 to \(Limits.positions).") }
        guard (1...min(particles, peerParticles)).contains(compare) else {
            throw ValidationError("--compare \(compare): give 1 to min(--particles, --peer-particles) = \(min(particles, peerParticles)).")
        }
    }

    func run() throws {
        let backend = try CUDABackend(precision: precision)
        let runner = PeerRunner(enabled: peers, python: python, scripts: peerScripts.map { URL(fileURLWithPath: $0) } ?? PeerRunner.defaultScripts())
        if let notice = runner.notice { benchProgress("peers skipped: \(notice)") }
        let card = backend.context.info
        print("guidance gpu bench  \(ISO8601DateFormatter().string(from: Date()))  \(card.name), compute \(card.architecture), \(precision.rawValue)")
        if let environment = runner.environment() { print("peers: \(environment)") }
        print("")
        print(GPUBenchRow.header)
        for d in dimensions.isEmpty ? [2, 16] : dimensions {
            try measure(dimension: d, backend: backend, runner: runner).forEach { print($0.line) }
        }
    }

    /// The workload at dimension `d`: the CUDA run, the model's bound, then each peer.
    private func measure(dimension d: Int, backend: CUDABackend, runner: PeerRunner) throws -> [GPUBenchRow] {
        let model = try BenchModels.gaussian(dimension: d, componentsPerClass: 8)
        let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
        let settings = SamplerSettings(kind: .odeHeun, steps: steps, particles: particles, seed: BenchModels.seed)
        benchProgress("gpu d = \(d): compiling (warm-up run of 1024 particles × 2 steps)")
        _ = try backend.run(problem, SamplerSettings(kind: .odeHeun, steps: 2, particles: 1024, seed: BenchModels.seed))
        benchProgress("gpu d = \(d): \(particles) particles × \(steps) Heun steps on the card")
        let clock = ContinuousClock(), start = clock.now
        let batch = try backend.run(problem, settings)
        let seconds = (clock.now - start).seconds
        let rate = Double(particles) * Double(steps) / seconds
        var rows = [GPUBenchRow(workload: "gauss-d\(d)", tool: "guidance cuda", rate: rate, seconds: seconds, model: modelBound(dimension: d, card: backend))]
        benchProgress("gpu d = \(d): \(rateText(rate)) particle-steps/s")
        let peers = [
            PeerRunner.SamplerPeer(tool: "torch eager", script: "sampler_torch.py", settings: ["mode": "eager", "precision": "float32"]),
            PeerRunner.SamplerPeer(tool: "torch.compile", script: "sampler_torch.py", settings: ["mode": "compile", "precision": "float32"]),
            PeerRunner.SamplerPeer(tool: "jax jit", script: "sampler_jax.py", settings: ["precision": "float32"]),
        ]
        for peer in runner.runSampler("gauss-d\(d)", model: model, problem: problem, batch: batch, particles: peerParticles, steps: steps, peers: peers, compared: compare) {
            rows.append(GPUBenchRow(workload: "", tool: peer.tool, rate: peer.rate, seconds: peer.seconds, ratio: rate / peer.rate, maxDifference: peer.maxDifference))
        }
        return rows
    }

    /// The offline model's particle-steps/s for this Heun kernel on the card's architecture, nil
    /// where ptxas or the model is missing (said on stderr).
    private func modelBound(dimension d: Int, card backend: CUDABackend) -> Double? {
        do {
            let (_, reports) = try KernelReport.compile(
                compiler: backend.compiler, ptxas: try PTXAssembler.locate(), architecture: backend.context.info.architecture, dimension: d,
                innerTrips: [2, 8])
            let name = "gl_sample_ode_heun_isotropic_\(precision.rawValue)"
            return reports.first { $0.variant.entry == name }?.model?.prediction?.particleStepsPerSecond
        } catch {
            benchProgress("gpu d = \(d): no model bound (\(error))")
            return nil
        }
    }
}

/// One row of `guidance gpu bench`'s table.
struct GPUBenchRow {
    var workload: String
    var tool: String
    var rate: Double
    var seconds: Double
    var model: Double?
    var ratio: Double?
    var maxDifference: Double?

    static let header = cells(["workload", "tool", "particle-steps/s", "seconds", "ours/peer", "max diff", "model bound", "of model"])

    var line: String {
        Self.cells([
            workload, tool, rateText(rate), String(format: "%.3f", seconds), ratio.map { String(format: "%.1fx", $0) } ?? "-",
            maxDifference.map { String(format: "%.1e", $0) } ?? "-", model.map { rateText($0) + " (model)" } ?? "-",
            model.map { String(format: "%.0f%%", 100 * rate / $0) } ?? "-",
        ])
    }

    static func cells(_ values: [String]) -> String {
        let widths = [10, 15, 17, 9, 10, 9, 19, 8]
        return zip(values, widths).map { $0.padding(toLength: max($1, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
            .trimmingCharacters(in: .whitespaces)
    }
}
