import Foundation
import GuidanceNumerics

/// DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++: Fast Solver for Guided Sampling of
/// Diffusion Probabilistic Models", Algorithm 2), on the guided score of `GuidedField`.
///
/// With `λ(t) = log(m/s)` (half the log-SNR) and the data prediction from the guided score
/// `g^w_t` (Tweedie's formula, `Tweedie.dataPrediction`),
/// ```
/// x̂₀(x, t) = (x + s² g^w_t(x)) / m,
/// ```
/// step k goes from `t_k` to `t_{k+1}` with `h_k = λ_{k+1} - λ_k > 0`:
/// ```
/// D_k = x̂₀_k                                                  (k = 0: first order, = DDIM)
/// D_k = (1 + 1/(2r_k)) x̂₀_k - 1/(2r_k) x̂₀_{k-1},  r_k = h_{k-1}/h_k   (k ≥ 1)
/// x_{k+1} = (s_{k+1}/s_k) x_k + m_{k+1} (1 - e^{-h_k}) D_k
/// ```
/// One score evaluation per step; global error `O(h²)` (checked in `DPMSolverTests` on a
/// Gaussian flow in closed form, VE and VP). VE is the case `m = 1`, `λ = -log σ`.
extension StepPlan {
    /// Runs every step on `particles`, keeping each particle's previous data prediction.
    func advanceDPMSolver(_ particles: UnsafeMutableBufferPointer<Double>, record: (Int) -> Void) throws {
        let d = problem.mixture.dimension
        let count = particles.count / d
        var scratch = fields[0].noised.makeScratch()
        var previous = [Double](repeating: 0, count: count * d)
        var current = [Double](repeating: 0, count: d)
        let lambda = fields.map { log($0.noised.m / $0.noised.s) }
        for k in 0..<(times.count - 1) {
            let hi = fields[k], lo = fields[k + 1]
            let h = lambda[k + 1] - lambda[k]
            let ratio = k == 0 ? 0 : (lambda[k] - lambda[k - 1]) / h
            let decay = lo.noised.s / hi.noised.s
            let gain = lo.noised.m * -expm1(-h)
            let (mHi, s2Hi) = (hi.noised.m, hi.noised.s * hi.noised.s)
            for p in 0..<count {
                let x = UnsafeMutableBufferPointer(rebasing: particles[(p * d)..<((p + 1) * d)])
                try current.withUnsafeMutableBufferPointer { g in
                    try hi.score(UnsafeBufferPointer(x), into: g, scratch: &scratch)
                }
                for i in 0..<d {
                    let x0 = Tweedie.dataPrediction(x: x[i], score: current[i], m: mHi, sSquared: s2Hi)
                    let dk = k == 0 ? x0 : (1 + 0.5 / ratio) * x0 - (0.5 / ratio) * previous[p * d + i]
                    previous[p * d + i] = x0
                    x[i] = decay * x[i] + gain * dk
                }
            }
            record(k + 1)
        }
    }
}
