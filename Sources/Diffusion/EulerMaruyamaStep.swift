import Foundation
import GuidanceNumerics

/// One Euler–Maruyama step of the guided reverse SDE from `t_hi` down to `t_hi - h`, on the
/// field at `t_hi` (`f`, `g²`) with guided score `g^w`:
/// ```
/// x ← x - h (f x - g² g^w) + √(g² h) z,    z ~ N(0, I) from Philox (seed, particle, k).
/// ```
/// Shared by `SamplerKind.sdeEulerMaruyama` (`StepPlan`) and `PosteriorDeficit`, so the two
/// chains are the same update with the same noise.
struct EulerMaruyamaStep {
    let h: Double, f: Double, gSquared: Double, amplitude: Double
    let seed: UInt64, step: UInt32

    /// Step k (noise counter `k`) of length `h` on `field`.
    @inline(__always)
    init(_ field: GuidedField, h: Double, seed: UInt64, step k: Int) {
        (self.h, f, gSquared, self.seed, step) = (h, field.f, field.gSquared, seed, UInt32(k))
        amplitude = (field.gSquared * h).squareRoot()
    }

    /// Moves one particle's row `x` (`d` numbers) with guided score `score` (`d` numbers);
    /// `noise` is `d` numbers of scratch for z.
    @inline(__always)
    func advance(_ x: UnsafeMutablePointer<Double>, score: UnsafePointer<Double>, particle: UInt64, dimension d: Int, noise z: UnsafeMutablePointer<Double>) {
        Philox.fillNormals(UnsafeMutableBufferPointer(start: z, count: d), seed: seed, stream: particle, step: step)
        for i in 0..<d { x[i] += -h * (f * x[i] - gSquared * score[i]) + amplitude * z[i] }
    }
}
