import Foundation
import GuidanceNumerics

/// The samplers of Properties/README.md §1, all guided, batched and reproducible.
public enum SamplerKind: String, Sendable, Codable, CaseIterable {
    /// Probability-flow ODE, explicit Euler (order 1).
    case odeEuler = "ode-euler"
    /// Probability-flow ODE, Heun's method (order 2; EDM's sampler).
    case odeHeun = "ode-heun"
    /// Probability-flow ODE, classical Runge–Kutta (order 4).
    case odeRK4 = "ode-rk4"
    /// Probability-flow ODE, adaptive rk8pd per particle (GSL), to `adaptiveTolerance`.
    case odeAdaptive = "ode-adaptive"
    /// Reverse SDE, Euler–Maruyama.
    case sdeEulerMaruyama = "sde-em"
    /// DDPM ancestral sampling (DDIM with η = 1: posterior variance β̃); variance-preserving only.
    case ddpm
    /// DDIM with parameter η (0: deterministic); variance-preserving only.
    case ddim
    /// DPM-Solver++(2M), the second-order multistep solver of the probability-flow ODE in data
    /// prediction (`DPMSolver.swift`); VE and VP.
    case dpmSolverPP2M = "dpm-solver++2m"

    /// Score evaluations per particle per step.
    public var evaluationsPerStep: Int {
        switch self {
        case .odeHeun: return 2
        case .odeRK4: return 4
        default: return 1
        }
    }

    public var isStochastic: Bool { self == .sdeEulerMaruyama || self == .ddpm || self == .ddim }
}

/// How a sampler runs. `horizon`, `end` and `grid` default to the schedule's own.
public struct SamplerSettings: Sendable {
    public var kind: SamplerKind
    public var steps: Int
    public var particles: Int
    public var seed: UInt64
    public var horizon: Double?
    public var end: Double?
    public var grid: TimeGrid?
    /// DDIM's η ∈ [0, 1].
    public var eta: Double = 0
    /// Full paths are kept for this many particles (the first ones); the mean path is always kept.
    public var recordedPaths: Int = 0
    /// Local tolerance of `odeAdaptive` (absolute and relative).
    public var adaptiveTolerance: Double = 1e-10
    /// Most rk8pd steps of `odeAdaptive` between two output times (GSL's `nmax`); a solve that
    /// needs more fails with a typed error instead of running on.
    public var adaptiveMaxSteps: Int = 1_000_000
    /// Worker threads (at least 1; the output does not depend on it).
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    public init(kind: SamplerKind, steps: Int, particles: Int, seed: UInt64, horizon: Double? = nil, end: Double? = nil, grid: TimeGrid? = nil) {
        self.kind = kind
        self.steps = steps
        self.particles = particles
        self.seed = seed
        self.horizon = horizon
        self.end = end
        self.grid = grid
    }
}

/// The output of a sampler run. Memory is `O(particles·d + steps·d·(1 + recordedPaths))`:
/// nothing per particle per step unless paths are recorded.
public struct SampleBatch: Sendable {
    public let dimension: Int
    /// Row-major `particles × d` final positions.
    public var positions: [Double]
    /// The visited times, from `T` down to `tEnd` (`steps + 1` entries).
    public let times: [Double]
    /// The mean position at each visited time, row-major `(steps + 1) × d` (empty from the CUDA
    /// backend, whose kernels return final positions and reductions only).
    public var meanPath: [Double]
    /// `recordedPaths` paths, each row-major `(steps + 1) × d`.
    public var paths: [[Double]]
    /// Score evaluations made (particles × steps × evaluations per step).
    public let scoreEvaluations: Int

    public var count: Int { positions.count / dimension }

    /// The i-th coordinate of every particle.
    public func coordinate(_ i: Int) -> [Double] { stride(from: i, to: positions.count, by: dimension).map { positions[$0] } }
}

/// Runs the guided samplers over many particles, in parallel chunks.
///
/// Reproducibility: particle p's start point and its noise at step k are Philox draws keyed by
/// `(seed, p, k)`, so the output does not depend on the number of threads or the chunking.
public enum Sampler {
    /// The counter step used for start points (never a step index).
    static let startStep = UInt32.max

    public static func run(_ problem: GuidedProblem, _ settings: SamplerSettings, start: [Double]? = nil) throws -> SampleBatch {
        let schedule = problem.schedule, d = problem.mixture.dimension
        let horizon = settings.horizon ?? schedule.defaultHorizon
        let end = settings.end ?? schedule.defaultEnd
        try validate(settings, horizon: horizon, end: end, schedule: schedule, dimension: d)
        let n = settings.particles
        let times = (settings.grid ?? .standard(for: schedule)).times(horizon: horizon, end: end, steps: settings.steps)
        var positions: [Double]
        if let start {
            guard start.count == n * d, start.allSatisfy(\.isFinite) else {
                throw ModelError(field: "start", value: "\(start.count) numbers", allowed: "particles × dimension = \(n * d) finite numbers")
            }
            positions = start
        } else {
            positions = startPoints(count: n, dimension: d, seed: settings.seed, standardDeviation: schedule.startStandardDeviation(horizon: horizon))
        }
        let plan = try StepPlan(problem: problem, settings: settings, times: times)
        // 8 chunks per thread, of 16 to 4096 particles.
        let split = WorkSplit(count: n, threads: settings.threads, chunksPerThread: 8, smallest: 16, largest: 4096)
        let meanSums = Locked([Double](repeating: 0, count: times.count * d))
        let recorded = Locked([[Double]](repeating: [], count: min(settings.recordedPaths, n)))
        try positions.withUnsafeMutableBufferPointer { all in
            nonisolated(unsafe) let all = all
            try split.forEachChunk(threads: settings.threads) { chunk in
                let particles = UnsafeMutableBufferPointer(rebasing: all[(chunk.lowerBound * d)..<(chunk.upperBound * d)])
                let (sums, paths) = try plan.advance(particles, firstIndex: chunk.lowerBound, recordUpTo: settings.recordedPaths)
                meanSums.withLock { total in for i in 0..<total.count { total[i] += sums[i] } }
                if !paths.isEmpty {
                    recorded.withLock { for (k, path) in paths.enumerated() { $0[chunk.lowerBound + k] = path } }
                }
            }
        }
        let means = meanSums.withLock { $0 }.map { $0 / Double(n) }
        return SampleBatch(
            dimension: d, positions: positions, times: times, meanPath: means,
            paths: recorded.withLock { $0 },
            scoreEvaluations: n * settings.steps * settings.kind.evaluationsPerStep)
    }

    /// `count` start points `σ·Z`, Z standard normal from Philox `(seed, p, startStep)`.
    public static func startPoints(count: Int, dimension d: Int, seed: UInt64, standardDeviation sigma: Double) -> [Double] {
        var x = [Double](repeating: 0, count: count * d)
        x.withUnsafeMutableBufferPointer { x in
            for p in 0..<count {
                let row = UnsafeMutableBufferPointer(rebasing: x[(p * d)..<((p + 1) * d)])
                Philox.fillNormals(row, seed: seed, stream: UInt64(p), step: startStep)
                for i in 0..<d { row[i] *= sigma }
            }
        }
        return x
    }

    /// The settings' ranges (`Limits`), then the sampler against the process.
    static func validate(_ s: SamplerSettings, horizon: Double, end: Double, schedule: NoiseSchedule, dimension: Int) throws {
        try Limits.checkParticles(s.particles, dimension: dimension)
        guard s.threads >= 1 else {
            throw ModelError(field: "threads", value: "\(s.threads)", allowed: "an integer ≥ 1")
        }
        try Limits.checkSteps(s.steps)
        try Limits.checkTimes(horizon: horizon, end: end, schedule: schedule)
        try Limits.checkEta(s.eta)
        try Limits.checkTolerance(s.adaptiveTolerance)
        if (s.kind == .ddpm || s.kind == .ddim) && !schedule.isVariancePreserving {
            throw ModelError(field: "sampler", value: s.kind.rawValue, allowed: "ode-euler, ode-heun, ode-rk4, ode-adaptive or sde-em for a VE process (DDPM and DDIM need m² + s² = 1)")
        }
    }
}
