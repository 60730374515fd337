import ArgumentParser
import CUDASampler
import Diffusion
import Foundation

extension Guidance {
    /// `guidance sample`: runs a guided sampler and summarises the particles it returns.
    ///
    /// Particles start from `N(0, σ² I)` at time T (σ = 1 for OU and VP, σ = T for VE) and follow
    /// the chosen discretisation of the reverse process driven by the exact guided score
    /// `g^w_t = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)` down to `end` (update rules in
    /// `Diffusion/StepPlan.swift`). The summary is Monte Carlo: a mean is off by about
    /// `standard_deviation/√n`, and by DKW each empirical quantile level is within
    /// `√(log(2/α)/(2n))` of the true one with probability 1 - α. Runs are reproducible: particle
    /// p's start and noise are Philox draws keyed by (seed, p, step), whatever the thread count.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run a guided sampler and print per-coordinate mean, standard deviation and quantiles, and the share inside the class's support.",
            discussion: """
                Samplers: \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", ")) (ddpm and ddim need a \
                variance-preserving process). --out writes the particles as CSV (header x1,...,xd). \
                Example: guidance sample --spec Notebooks/specs/two-box-2d.json --class 0 --w 3 --sampler ode-heun --steps 1000 --n 2000 --seed 1
                """)

        /// The quantile levels of the summary.
        static let levels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
        /// Score evaluations above which start and finish are announced on stderr.
        static let longRun = 10_000_000

        @OptionGroup var model: ModelOptions

        @Option(help: "The sampler (ddpm and ddim need a variance-preserving process).")
        var sampler: SamplerKind = .odeHeun

        @Option(parsing: .unconditional, help: "Number of steps, in \(Limits.stepsText) (ode-adaptive: output times only).")
        var steps: Int = 1000

        @OptionGroup var times: ReverseTimeOptions

        @Option(help: "The visited times: uniform (equal steps in t) or karras (t_i = (T^{1/7} + i/N (end^{1/7} - T^{1/7}))^7, dense near the end); default: karras for VE, uniform otherwise.")
        var grid: TimeGrid?

        @Option(parsing: .unconditional, help: "DDIM's η in [0, 1] (0: deterministic); only with --sampler ddim.")
        var eta: Double = 0

        @Option(parsing: .unconditional, help: "Local tolerance of ode-adaptive, in \(Limits.toleranceText).")
        var tolerance: Double = 1e-10

        @Option(name: .customLong("n"), parsing: .unconditional, help: "Number of particles, in [1, \(Limits.text(Limits.positions))] (at most \(Limits.text(Limits.positions)) particles × dimension).")
        var particles: Int = 1000

        @Option(help: ArgumentHelp("Master seed, decimal or 0x hex (an unsigned 64-bit integer).", valueName: SeedArgument.valueName))
        var seed = SeedArgument(0)

        @Option(help: "Write the final particles to this CSV file (header x1,...,xd).")
        var out: String?

        @Option(
            help: """
                Where to run: cpu (default; every sampler), cuda (an NVIDIA card: ode-euler, ode-heun, sde-em, ddpm, ddim on \
                Gaussian mixtures or unions of uniform boxes; fails with a clear error without a driver), or auto (cuda where \
                it starts and covers the run, else the CPU, with one line on stderr).
                """)
        var backend: BackendChoice = .cpu

        @Option(help: "Precision of the CUDA kernels: f64 (the CPU's numbers up to rounding) or f32; the CPU always uses f64.")
        var precision: KernelTables.Precision = .f64

        func validate() throws {
            try InputError.validating { try Limits.checkSteps(steps) }
            try InputError.validating(option: "n") { try Limits.checkParticles(particles) }
            guard eta.isFinite, Limits.eta.contains(eta), eta == 0 || sampler == .ddim else {
                throw InputError(
                    field: "eta", value: "\(eta)", allowed: sampler == .ddim ? "a number in [0, 1]" : "0 (η is DDIM's; use --sampler ddim)"
                ).validation
            }
            try InputError.validating { try Limits.checkTolerance(tolerance) }
        }

        func run() throws {
            let problem = try model.problem()
            var settings = SamplerSettings(kind: sampler, steps: steps, particles: particles, seed: seed.value, horizon: times.horizon, end: times.end)
            settings.eta = eta
            settings.adaptiveTolerance = tolerance
            settings.grid = grid
            let horizon = times.horizon ?? problem.schedule.defaultHorizon
            let file = try out.map(CSVFile.init(path:))
            let evaluations = particles * steps * settings.kind.evaluationsPerStep
            let announce = evaluations > Self.longRun
            if announce {
                FileHandle.standardError.write(
                    Data(
                        "guidance sample: \(particles) particles × \(steps) steps of \(sampler.rawValue) (\(evaluations) score evaluations)…\n".utf8)
                )
            }
            let clock = ContinuousClock()
            let started = clock.now
            let (batch, ranOn) = try InputError.renaming(["particles": "n"]) {
                try backend.run(problem, settings, precision: precision) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if announce {
                FileHandle.standardError.write(Data("guidance sample: done in \(seconds) s\n".utf8))
            }
            try file?.write(batch)
            let summary = SampleSummary(batch, mixture: problem.mixture, classIndex: problem.classIndex, levels: Self.levels)
            try JSONOutput.print(
                Report(
                    sampler: sampler.rawValue, steps: steps, particles: particles, seed: seed.value, classIndex: problem.classIndex, w: problem.guidance.constantValue, guidance: problem.guidance.constantValue == nil ? problem.guidance : nil,
                    horizon: horizon, end: times.end ?? problem.schedule.defaultEnd, eta: eta,
                    coordinates: summary.coordinates.map(CoordinateSummary.init), insideClassSupport: summary.insideClassSupport,
                    scoreEvaluations: batch.scoreEvaluations, wallSeconds: JSONOutput.capturing ? nil : seconds, out: out,
                    backend: ranOn == "cpu" ? nil : ranOn))
        }

        struct Report: Encodable {
            var sampler: String
            var steps, particles: Int
            var seed: UInt64
            var classIndex: Int
            /// The constant w, or (for any other schedule) nil and `guidance`.
            var w: Double?
            var guidance: GuidanceSchedule?
            var horizon, end, eta: Double
            var coordinates: [CoordinateSummary]
            var insideClassSupport: Double
            var scoreEvaluations: Int
            /// Left out in a notebook cell, whose output must be the same on every machine.
            var wallSeconds: Double?
            var out: String?
            /// Left out on the CPU (the notebooks' stored outputs stay as they were); "cuda" otherwise.
            var backend: String?

            enum CodingKeys: String, CodingKey {
                case sampler, steps, particles, seed, w, guidance, end, eta, coordinates, out, backend
                case classIndex = "class"
                case horizon = "T"
                case insideClassSupport = "inside_class_support"
                case scoreEvaluations = "score_evaluations"
                case wallSeconds = "wall_seconds"
            }
        }
    }
}

/// One coordinate of `SampleSummary` in the report: mean, standard deviation (divisor n - 1),
/// quantiles (Hyndman–Fan type 7) of the finite values, and `non_finite`, the particles that
/// diverged (left out of the statistics).
struct CoordinateSummary: Encodable {
    var mean: Double
    var standardDeviation: Double
    var quantiles: [QuantileValue]
    var nonFinite: Int

    init(_ summary: SampleSummary.Coordinate) {
        (mean, standardDeviation, nonFinite) = (summary.mean, summary.standardDeviation, summary.nonFinite)
        quantiles = summary.quantiles.map { QuantileValue(level: $0.level, value: $0.value) }
    }

    enum CodingKeys: String, CodingKey {
        case mean, quantiles
        case standardDeviation = "standard_deviation"
        case nonFinite = "non_finite"
    }
}

/// The `--out` file, created before the run so that an unwritable path fails fast.
struct CSVFile {
    let path: String
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw OutputError(path: path, reason: "allowed: a writable file path (could not create it)")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw OutputError(path: path, reason: "allowed: a writable file path (could not open it)")
        }
        self.path = path
        self.handle = handle
    }

    /// Writes the header `x1,...,xd` and one row per particle, in chunks of 4096 rows.
    func write(_ batch: SampleBatch) throws {
        defer { try? handle.close() }
        let d = batch.dimension
        do {
            try handle.write(contentsOf: Data(((1...d).map { "x\($0)" }.joined(separator: ",") + "\n").utf8))
            for chunk in stride(from: 0, to: batch.count, by: 4096) {
                var text = ""
                for p in chunk..<min(batch.count, chunk + 4096) {
                    text += (0..<d).map { "\(batch.positions[p * d + $0])" }.joined(separator: ",") + "\n"
                }
                try handle.write(contentsOf: Data(text.utf8))
            }
        } catch {
            throw OutputError(path: path, reason: "allowed: a writable file path (\(error.localizedDescription))")
        }
    }
}
