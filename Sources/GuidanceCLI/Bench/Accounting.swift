import Diffusion
import Foundation

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
