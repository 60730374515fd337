import Foundation
import GuidanceNumerics

/// The guided reverse SDE with the per-particle terms of Itô's formula for `1/p_t(c|Y)`
/// (Properties/README.md G2.2).
///
/// With `u(t, x) = 1/p_t(c|x)` and `ℓ = log p_t(c|x)`, `u` is space-time harmonic for the
/// unguided class-c reverse process (the inverse of Doob's h-transform by `p_t(c|x)`), so under
/// the guided drift `-f x + g²(∇log p_t(x|c) + w ∇ℓ)` only the guidance term remains:
/// ```
/// d u(Y) = -w g² |∇ℓ(Y)|² u(Y) dτ + g ∇u·dB̄,     E_w[u_end] = E[u_start] - w ∫ g² E_w[|∇ℓ|² u] dτ.
/// ```
/// `run` integrates the SDE by Euler–Maruyama on `times` (`EulerMaruyamaStep`: the same update and
/// the same Philox noise `(seed, particle, step)` as `SamplerKind.sdeEulerMaruyama`, so runs at different w share
/// their noise) and accumulates, per particle, the left-point sum
/// `I = Σ_k h_k g²(t_k) |∇ℓ_{t_k}(Y_k)|² / p_{t_k}(c|Y_k)`, and its weighted form
/// `I_w = Σ_k w(t_k) h_k g²(t_k) |∇ℓ_{t_k}(Y_k)|² / p_{t_k}(c|Y_k)` for a guidance schedule, with
/// which the identity reads `E_w[u_end] = E[u_start] - E[I_w]` (for a constant w, `I_w = w I`
/// up to rounding). The discretisation error of the mean identity is `O(max h)`.
public enum PosteriorDeficit {
    public struct Run: Sendable {
        /// Row-major final positions.
        public var positions: [Double]
        /// `1/p_{t_0}(c|x_start)` and `1/p_{t_N}(c|x_out)` per particle.
        public var startValues: [Double]
        public var endValues: [Double]
        /// The Itô integral `I` per particle.
        public var deficits: [Double]
        /// The guidance-weighted integral `I_w` per particle.
        public var weightedDeficits: [Double]
    }

    /// Runs the guided SDE of `problem` (no score error) from `start` (row-major) over `times`.
    public static func run(_ problem: GuidedProblem, times: [Double], start: [Double], seed: UInt64, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Run {
        let d = problem.mixture.dimension, n = start.count / d, c = problem.classIndex
        guard problem.scoreError == nil else {
            throw ModelError(field: "scoreError", value: "set", allowed: "none (the identity is for exact scores)")
        }
        guard times.count >= 2, zip(times, times.dropFirst()).allSatisfy({ $0 > $1 }), start.count == n * d, n > 0 else {
            throw ModelError(field: "times", value: "\(times.count) times, \(start.count) start numbers", allowed: "decreasing times and particles × d start numbers")
        }
        let fields = try times.map { try problem.field(at: $0) }
        var positions = start
        var startValues = [Double](repeating: 0, count: n), endValues = startValues, deficits = startValues, weighted = startValues
        // 4 chunks per thread, of at least 64 particles.
        let split = WorkSplit(count: n, threads: threads, chunksPerThread: 4, smallest: 64)
        try positions.withUnsafeMutableBufferPointer { xs in
            try startValues.withUnsafeMutableBufferPointer { sv in
                try endValues.withUnsafeMutableBufferPointer { ev in
                    try deficits.withUnsafeMutableBufferPointer { iv in
                      try weighted.withUnsafeMutableBufferPointer { wv in
                        nonisolated(unsafe) let (xs, sv, ev, iv, wv) = (xs, sv, ev, iv, wv)
                        try split.forEachChunk(threads: threads) { chunk in
                            var scratch = fields[0].noised.makeScratch()
                            var grad = [Double](repeating: 0, count: d), guided = grad, z = grad
                            for p in chunk {
                                let x = UnsafeMutableBufferPointer(rebasing: xs[(p * d)..<((p + 1) * d)])
                                var integral = 0.0, weightedIntegral = 0.0
                                for k in 0..<(times.count - 1) {
                                    let field = fields[k], h = times[k] - times[k + 1]
                                    let logPost = try grad.withUnsafeMutableBufferPointer {
                                        try field.noised.logClassPosterior(UnsafeBufferPointer(x), classIndex: c, gradient: $0, scratch: &scratch)
                                    }
                                    if k == 0 { sv[p] = exp(-logPost) }
                                    var g2 = 0.0
                                    for i in 0..<d { g2 += grad[i] * grad[i] }
                                    let term = h * field.gSquared * g2 * exp(-logPost)
                                    integral += term
                                    weightedIntegral += field.w * term
                                    for i in 0..<d { guided[i] = GuidedScore.combine(classScore: scratch.classScore[c * d + i], classPosteriorGradient: grad[i], w: field.w) }
                                    let em = EulerMaruyamaStep(field, h: h, seed: seed, step: k)
                                    guided.withUnsafeBufferPointer { g in
                                        z.withUnsafeMutableBufferPointer { em.advance(x.baseAddress!, score: g.baseAddress!, particle: UInt64(p), dimension: d, noise: $0.baseAddress!) }
                                    }
                                }
                                let last = fields[times.count - 1]
                                let logPost = try grad.withUnsafeMutableBufferPointer {
                                    try last.noised.logClassPosterior(UnsafeBufferPointer(x), classIndex: c, gradient: $0, scratch: &scratch)
                                }
                                ev[p] = exp(-logPost)
                                iv[p] = integral
                                wv[p] = weightedIntegral
                            }
                        }
                      }
                    }
                }
            }
        }
        return Run(positions: positions, startValues: startValues, endValues: endValues, deficits: deficits, weightedDeficits: weighted)
    }

    /// `1/p_t(c|x)` at each row of `positions` for the mixture noised to `(m, s)`.
    public static func inverseClassPosterior(_ mixture: Mixture, classIndex c: Int, m: Double, s: Double, positions: [Double]) throws -> [Double] {
        let noised = try mixture.noised(m: m, s: s)
        let d = mixture.dimension
        var scratch = noised.makeScratch()
        var grad = [Double](repeating: 0, count: d)
        return try (0..<(positions.count / d)).map { p in
            let logPost = try positions[(p * d)..<((p + 1) * d)].withUnsafeBufferPointer { xp in
                try grad.withUnsafeMutableBufferPointer { try noised.logClassPosterior(xp, classIndex: c, gradient: $0, scratch: &scratch) }
            }
            return exp(-logPost)
        }
    }
}
