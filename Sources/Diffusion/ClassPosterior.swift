import Foundation
import GuidanceNumerics

extension NoisedMixture {
    /// `log p_t(c|x)`, with `∇_x log p_t(c|x) = ∇log p_t(x|c) - ∇log p_t(x)` written into
    /// `gradient` (length d). Exact (closed-form components) up to rounding; in log space, so
    /// posteriors down to `e^{-700}` are represented. `scratch` from `makeScratch()`.
    @inline(__always)
    public func logClassPosterior(
        _ x: UnsafeBufferPointer<Double>, classIndex c: Int,
        gradient: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws -> Double {
        let logp = try marginalScore(x, into: gradient, scratch: &scratch)
        for i in 0..<dimension { gradient[i] = scratch.classScore[c * dimension + i] - gradient[i] }
        return scratch.logJoint[c] - logp
    }
}

extension Mixture {
    /// `count` draws of the class's noised law `p_t(·|c)`: `m X_0 + s Z`, `X_0 ~ p(·|c)`, from
    /// the random stream `(seed, stream)`. Row-major `count × d`.
    public func noisedClassSamples(classIndex c: Int, m: Double, s: Double, count: Int, seed: UInt64, stream: UInt64 = 0) throws -> [Double] {
        try checkClass(c)
        guard count >= 0 else { throw ModelError(field: "count", value: "\(count)", allowed: "an integer ≥ 0") }
        let d = dimension
        var rng = RandomStream(seed: seed, stream: stream)
        var out = [Double](repeating: 0, count: count * d)
        var x0 = [Double](repeating: 0, count: d)
        for p in 0..<count {
            try x0.withUnsafeMutableBufferPointer { try sample(classIndex: c, using: &rng, into: $0) }
            for i in 0..<d { out[p * d + i] = m * x0[i] + s * rng.nextNormal() }
        }
        return out
    }
}

extension ScoreScratch {
    /// `log π_c + log p_t(x|c)` of the last evaluation that used this scratch.
    public func logJointForClass(_ c: Int) -> Double { logJoint[c] }
}
