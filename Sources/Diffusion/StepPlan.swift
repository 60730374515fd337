import Foundation
import GuidanceNumerics

/// The update rules of the fixed-step samplers, with the guided field prepared once per visited
/// time. Step k goes from `t_hi = times[k]` down to `t_lo = times[k+1]`, `h = t_hi - t_lo > 0`,
/// and `v(t, x) = f x - ½ g² g^w_t(x)` is the probability-flow velocity:
/// ```
/// Euler   x ← x - h v(t_hi, x)
/// Heun    k1 = v(t_hi, x), k2 = v(t_lo, x - h k1),            x ← x - h (k1 + k2)/2
/// RK4     k1..k4 at t_hi, t_mid, t_mid, t_lo,                x ← x - h (k1 + 2k2 + 2k3 + k4)/6
/// EM      x ← x - h (f x - g² g^w) + √(g² h) z                (EulerMaruyamaStep)
/// DDIM    ε̂ = -s_hi g^w, x̂₀ = (x - s_hi ε̂)/m_hi (Tweedie),
///         σ = η (s_lo/s_hi) √(1 - m_hi²/m_lo²),            x ← m_lo x̂₀ + √(s_lo² - σ²) ε̂ + σ z
/// DDPM    DDIM with η = 1
/// ```
struct StepPlan: Sendable {
    let problem: GuidedProblem
    let kind: SamplerKind
    let times: [Double]
    let seed: UInt64
    let eta: Double
    let tolerance: Double
    let maxSteps: Int
    /// The field at each visited time, and (RK4 only) at each step's midpoint.
    let fields: [GuidedField]
    let midpoints: [GuidedField]

    init(problem: GuidedProblem, settings: SamplerSettings, times: [Double]) throws {
        self.problem = problem
        self.kind = settings.kind
        self.times = times
        self.seed = settings.seed
        self.eta = settings.kind == .ddpm ? 1 : settings.eta
        self.tolerance = settings.adaptiveTolerance
        self.maxSteps = settings.adaptiveMaxSteps
        if kind == .odeAdaptive {
            fields = []
            midpoints = []
        } else {
            fields = try times.map { try problem.field(at: $0) }
            midpoints = kind == .odeRK4 ? try (0..<(times.count - 1)).map { try problem.field(at: 0.5 * (times[$0] + times[$0 + 1])) } : []
        }
    }

    /// Runs every step on `particles` (row-major, global index of the first = `firstIndex`).
    /// Returns the per-time sums of positions and the paths of particles with global index below
    /// `recordUpTo`.
    func advance(_ particles: UnsafeMutableBufferPointer<Double>, firstIndex: Int, recordUpTo: Int) throws -> (sums: [Double], paths: [[Double]]) {
        let d = problem.mixture.dimension
        let count = particles.count / d
        let recordedHere = max(0, min(count, recordUpTo - firstIndex))
        var paths = [[Double]](repeating: [], count: recordedHere)
        var sums = [Double](repeating: 0, count: times.count * d)
        func record(_ k: Int) {
            sums.withUnsafeMutableBufferPointer { sums in
                let row = sums.baseAddress! + k * d
                for p in 0..<count {
                    for i in 0..<d { row[i] += particles[p * d + i] }
                }
            }
            for p in 0..<recordedHere { paths[p].append(contentsOf: particles[(p * d)..<((p + 1) * d)]) }
        }
        record(0)
        if kind == .odeAdaptive {
            try advanceAdaptive(particles, record: record)
            return (sums, paths)
        }
        if kind == .dpmSolverPP2M {
            try advanceDPMSolver(particles, record: record)
            return (sums, paths)
        }
        let block = Self.block
        var scratch = fields[0].noised.makeScratch(block: block)
        var work = [Double](repeating: 0, count: 6 * block * d)
        try work.withUnsafeMutableBufferPointer { work in
            // Step-major within the chunk: the fields of step k are fetched once, and the
            // chunk's particles (contiguous, row-major) stream through them a block at a time.
            for k in 0..<(times.count - 1) {
                let hi = fields[k], lo = fields[k + 1], mid = kind == .odeRK4 ? midpoints[k] : hi
                for first in stride(from: 0, to: count, by: block) {
                    let n = min(block, count - first)
                    try step(k, hi, mid, lo, particles.baseAddress! + first * d, count: n, firstParticle: firstIndex + first, work: work.baseAddress!, scratch: &scratch)
                }
                record(k + 1)
            }
        }
        return (sums, paths)
    }

    /// Particles per block: enough independent work for the CPU to overlap, small enough that a
    /// block's buffers stay in L1.
    static let block = 8

    /// Step k of the `count` particles at `x` (row-major), the first of them having global index
    /// `firstParticle`; `hi`, `mid`, `lo` are the fields at `t_hi`, the midpoint (RK4) and `t_lo`.
    /// Every particle's arithmetic is the same whatever the block, so results do not depend on it.
    @inline(__always)
    private func step(
        _ k: Int, _ hi: GuidedField, _ mid: GuidedField, _ lo: GuidedField, _ x: UnsafeMutablePointer<Double>, count: Int,
        firstParticle: Int, work: UnsafeMutablePointer<Double>, scratch: inout ScoreScratch
    ) throws {
        let d = problem.mixture.dimension, size = Self.block * d, n = count * d
        let h = times[k] - times[k + 1]
        let k1 = work, k2 = work + size, k3 = work + 2 * size, k4 = work + 3 * size, y = work + 4 * size, z = work + 5 * size
        switch kind {
        case .odeEuler:
            try hi.velocities(x, count: count, into: k1, scratch: &scratch)
            for i in 0..<n { x[i] -= h * k1[i] }
        case .odeHeun:
            try hi.velocities(x, count: count, into: k1, scratch: &scratch)
            for i in 0..<n { y[i] = x[i] - h * k1[i] }
            try lo.velocities(y, count: count, into: k2, scratch: &scratch)
            for i in 0..<n { x[i] -= 0.5 * h * (k1[i] + k2[i]) }
        case .odeRK4:
            try hi.velocities(x, count: count, into: k1, scratch: &scratch)
            for i in 0..<n { y[i] = x[i] - 0.5 * h * k1[i] }
            try mid.velocities(y, count: count, into: k2, scratch: &scratch)
            for i in 0..<n { y[i] = x[i] - 0.5 * h * k2[i] }
            try mid.velocities(y, count: count, into: k3, scratch: &scratch)
            for i in 0..<n { y[i] = x[i] - h * k3[i] }
            try lo.velocities(y, count: count, into: k4, scratch: &scratch)
            for i in 0..<n { x[i] -= h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        case .sdeEulerMaruyama:
            try hi.scores(x, count: count, into: k1, scratch: &scratch)
            let em = EulerMaruyamaStep(hi, h: h, seed: seed, step: k)
            for p in 0..<count { em.advance(x + p * d, score: k1 + p * d, particle: UInt64(firstParticle + p), dimension: d, noise: z) }
        case .ddpm, .ddim:
            try hi.scores(x, count: count, into: k1, scratch: &scratch)
            let mHi = hi.noised.m, sHi = hi.noised.s, mLo = lo.noised.m, sLo = lo.noised.s
            let sigma = eta * (sLo / sHi) * max(0, 1 - (mHi * mHi) / (mLo * mLo)).squareRoot()
            let keep = max(0, sLo * sLo - sigma * sigma).squareRoot()
            for p in 0..<count {
                if sigma > 0 { Philox.fillNormals(UnsafeMutableBufferPointer(start: z, count: d), seed: seed, stream: UInt64(firstParticle + p), step: UInt32(k)) }
                for i in (p * d)..<((p + 1) * d) {
                    let epsilon = -sHi * k1[i]
                    let x0 = Tweedie.dataPrediction(x: x[i], noise: epsilon, m: mHi, s: sHi)
                    x[i] = mLo * x0 + keep * epsilon + (sigma > 0 ? sigma * z[i - p * d] : 0)
                }
            }
        case .odeAdaptive, .dpmSolverPP2M:
            preconditionFailure("\(kind.rawValue) is not a one-step rule of step()")
        }
    }

    /// Each particle through GSL's rk8pd, with dense output at the visited times.
    private func advanceAdaptive(_ particles: UnsafeMutableBufferPointer<Double>, record: (Int) -> Void) throws {
        let d = problem.mixture.dimension
        let count = particles.count / d
        var states = [[[Double]]]()
        states.reserveCapacity(count)
        for p in 0..<count {
            let start = Array(particles[(p * d)..<((p + 1) * d)])
            let path = try ProbabilityFlowODE(problem: problem).solve(from: start, at: times, tolerance: tolerance, maxSteps: maxSteps)
            states.append(path)
        }
        for k in 1..<times.count {
            for p in 0..<count { for i in 0..<d { particles[p * d + i] = states[p][k][i] } }
            record(k)
        }
    }
}
