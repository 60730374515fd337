import Foundation
import Numerics

/// The update rules of the fixed-step samplers, with the guided field prepared once per visited
/// time. Step k goes from `t_hi = times[k]` down to `t_lo = times[k+1]`, `h = t_hi - t_lo > 0`,
/// and `v(t, x) = f x - ½ g² g^w_t(x)` is the probability-flow velocity:
/// ```
/// Euler   x ← x - h v(t_hi, x)
/// Heun    k1 = v(t_hi, x), k2 = v(t_lo, x - h k1),            x ← x - h (k1 + k2)/2
/// RK4     k1..k4 at t_hi, t_mid, t_mid, t_lo,                x ← x - h (k1 + 2k2 + 2k3 + k4)/6
/// EM      x ← x - h (f x - g² g^w) + √(g² h) z
/// DDIM    ε̂ = -s_hi g^w, x̂₀ = (x - s_hi ε̂)/m_hi,
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
            for p in 0..<count {
                for i in 0..<d { sums[k * d + i] += particles[p * d + i] }
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
        var scratch = fields[0].noised.makeScratch()
        var work = [Double](repeating: 0, count: 6 * d)
        try work.withUnsafeMutableBufferPointer { work in
            for k in 0..<(times.count - 1) {
                for p in 0..<count {
                    let x = UnsafeMutableBufferPointer(rebasing: particles[(p * d)..<((p + 1) * d)])
                    try step(k, x, particle: UInt64(firstIndex + p), work: work, scratch: &scratch)
                }
                record(k + 1)
            }
        }
        return (sums, paths)
    }

    @inline(__always)
    private func step(_ k: Int, _ x: UnsafeMutableBufferPointer<Double>, particle: UInt64, work: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch) throws {
        let d = x.count
        let h = times[k] - times[k + 1]
        let hi = fields[k], lo = fields[k + 1]
        let k1 = UnsafeMutableBufferPointer(rebasing: work[0..<d])
        let k2 = UnsafeMutableBufferPointer(rebasing: work[d..<(2 * d)])
        let k3 = UnsafeMutableBufferPointer(rebasing: work[(2 * d)..<(3 * d)])
        let k4 = UnsafeMutableBufferPointer(rebasing: work[(3 * d)..<(4 * d)])
        let y = UnsafeMutableBufferPointer(rebasing: work[(4 * d)..<(5 * d)])
        let z = UnsafeMutableBufferPointer(rebasing: work[(5 * d)..<(6 * d)])
        let xr = UnsafeBufferPointer(x), yr = UnsafeBufferPointer(y)
        switch kind {
        case .odeEuler:
            try hi.velocity(xr, into: k1, scratch: &scratch)
            for i in 0..<d { x[i] -= h * k1[i] }
        case .odeHeun:
            try hi.velocity(xr, into: k1, scratch: &scratch)
            for i in 0..<d { y[i] = x[i] - h * k1[i] }
            try lo.velocity(yr, into: k2, scratch: &scratch)
            for i in 0..<d { x[i] -= 0.5 * h * (k1[i] + k2[i]) }
        case .odeRK4:
            let mid = midpoints[k]
            try hi.velocity(xr, into: k1, scratch: &scratch)
            for i in 0..<d { y[i] = x[i] - 0.5 * h * k1[i] }
            try mid.velocity(yr, into: k2, scratch: &scratch)
            for i in 0..<d { y[i] = x[i] - 0.5 * h * k2[i] }
            try mid.velocity(yr, into: k3, scratch: &scratch)
            for i in 0..<d { y[i] = x[i] - h * k3[i] }
            try lo.velocity(yr, into: k4, scratch: &scratch)
            for i in 0..<d { x[i] -= h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        case .sdeEulerMaruyama:
            try hi.score(xr, into: k1, scratch: &scratch)
            noise(z, particle: particle, step: k)
            let amplitude = (hi.gSquared * h).squareRoot()
            for i in 0..<d { x[i] += -h * (hi.f * x[i] - hi.gSquared * k1[i]) + amplitude * z[i] }
        case .ddpm, .ddim:
            try hi.score(xr, into: k1, scratch: &scratch)
            let mHi = hi.noised.m, sHi = hi.noised.s, mLo = lo.noised.m, sLo = lo.noised.s
            let sigma = eta * (sLo / sHi) * max(0, 1 - (mHi * mHi) / (mLo * mLo)).squareRoot()
            let keep = max(0, sLo * sLo - sigma * sigma).squareRoot()
            if sigma > 0 { noise(z, particle: particle, step: k) }
            for i in 0..<d {
                let epsilon = -sHi * k1[i]
                let x0 = (x[i] - sHi * epsilon) / mHi
                x[i] = mLo * x0 + keep * epsilon + (sigma > 0 ? sigma * z[i] : 0)
            }
        case .odeAdaptive, .dpmSolverPP2M:
            preconditionFailure("\(kind.rawValue) is not a one-step rule of step()")
        }
    }

    /// Standard normals for (particle, step) from Philox.
    @inline(__always)
    private func noise(_ z: UnsafeMutableBufferPointer<Double>, particle: UInt64, step k: Int) {
        for j in stride(from: 0, to: z.count, by: 2) {
            let (a, b) = Philox.normalPair(seed: seed, stream: particle, step: UInt32(k), slot: UInt32(j / 2))
            z[j] = a
            if j + 1 < z.count { z[j + 1] = b }
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
            let path = try ProbabilityFlowODE(problem: problem).solve(from: start, at: times, tolerance: tolerance)
            states.append(path)
        }
        for k in 1..<times.count {
            for p in 0..<count { for i in 0..<d { particles[p * d + i] = states[p][k][i] } }
            record(k)
        }
    }
}
