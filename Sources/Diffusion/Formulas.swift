import Foundation
import GuidanceNumerics

/// A number the per-coordinate formulas below act on: one `Double`, or one coordinate of eight
/// particles at once (`SIMD8<Double>`, one particle per lane, as in `NoisedMixture.accumulate`).
/// The one operation is lane by lane, so a lane gets the bits the scalar formula gives. (A named
/// method, not operator requirements: those would make every `*` and `-` in the modules that see
/// the protocol slower to type-check.)
public protocol GuidanceLane {
    /// `a·self + b·other`, rounded as that expression is (two products, one sum).
    func scaledSum(_ a: Double, _ other: Self, _ b: Double) -> Self
}

extension Double: GuidanceLane {
    @inlinable @inline(__always)
    public func scaledSum(_ a: Double, _ other: Double, _ b: Double) -> Double { a * self + b * other }
}

extension SIMD8: GuidanceLane where Scalar == Double {
    @inlinable @inline(__always)
    public func scaledSum(_ a: Double, _ other: SIMD8<Double>, _ b: Double) -> SIMD8<Double> { a * self + b * other }
}

/// The guided score of classifier-free guidance, one coordinate at a time (claims.md §1):
/// ```
/// g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)        (marginal form)
///   = ∇log p_t(x|c) + w ∇log p_t(c|x)              (posterior form)
/// ```
/// with the CFG scale `γ = 1 + w` (`w = 0`: the class score alone). The two forms are equal
/// because `∇log p_t(c|x) = ∇log p_t(x|c) - ∇log p_t(x)` (Bayes; `ClassPosterior.swift`), but
/// they round differently: `(1 + w) a - w b` and `a + w (a - b)` can differ in the last bits. Each
/// caller keeps the form it has always used, so outputs stay bit for bit: the samplers and
/// `guidance eval` (`NoisedMixture`) the marginal form, `PosteriorDeficit` (which has
/// `∇log p_t(c|x)` from `logClassPosterior`) the posterior form. Both are the one weighted sum
/// `α ∇log p_t(x|c) + β b` of `guidanceWeights`: `(α, β) = (1 + w, -w)` with `b = ∇log p_t(x)`,
/// `(1, w)` with `b = ∇log p_t(c|x)`; `(1 + w) a + (-w) b` rounds as `(1 + w) a - w b` and
/// `1·a + w b` as `a + w b` (negation and the product by 1 are exact), so the bits are those of
/// the forms as written.
public enum GuidedScore {
    /// The weights `(α, β)` of `g = α ∇log p_t(x|c) + β b` for the form whose second score `b` is
    /// `∇log p_t(x)` (`marginal`) or `∇log p_t(c|x)` (not `marginal`).
    @inlinable @inline(__always)
    public static func guidanceWeights(w: Double, marginal: Bool) -> (classScore: Double, other: Double) {
        marginal ? (1 + w, -w) : (1, w)
    }

    /// `(1 + w) classScore - w marginalScore`.
    @inlinable @inline(__always)
    public static func combine<V: GuidanceLane>(classScore: V, marginalScore: V, w: Double) -> V {
        let (a, b) = guidanceWeights(w: w, marginal: true)
        return classScore.scaledSum(a, marginalScore, b)
    }

    /// `classScore + w classPosteriorGradient`, with `classPosteriorGradient = ∇log p_t(c|x)`.
    @inlinable @inline(__always)
    public static func combine<V: GuidanceLane>(classScore: V, classPosteriorGradient: V, w: Double) -> V {
        let (a, b) = guidanceWeights(w: w, marginal: false)
        return classScore.scaledSum(a, classPosteriorGradient, b)
    }
}

/// Tweedie's formula for the data prediction at noise level `(m, s)` (`x = m x₀ + s ε`):
/// ```
/// x̂₀ = (x - s ε̂)/m,    ε̂ = -s ∇log p_t(x),   so   x̂₀ = (x + s² ∇log p_t(x))/m,
/// ```
/// one coordinate at a time. DDIM/DDPM (`StepPlan`) hold the noise prediction ε̂ and call the
/// first form; DPM-Solver++ (`DPMSolver.swift`) holds the score and `s²` and calls the second,
/// which is the first with `s → s²`, `ε̂ → -score`: `(x - s²·(-g))/m` is `(x + s² g)/m` exactly
/// (negation is exact), so each caller gets the bits it had when it wrote the formula itself.
public enum Tweedie {
    /// `x̂₀ = (x - s ε̂)/m` from the noise prediction ε̂.
    @inlinable @inline(__always)
    public static func dataPrediction(x: Double, noise epsilon: Double, m: Double, s: Double) -> Double {
        (x - s * epsilon) / m
    }

    /// `x̂₀ = (x + s² g)/m` from the score `g = ∇log p_t(x)`, with `s²` computed once by the caller.
    @inlinable @inline(__always)
    public static func dataPrediction(x: Double, score: Double, m: Double, sSquared: Double) -> Double {
        dataPrediction(x: x, noise: -score, m: m, s: sSquared)
    }
}

extension Philox {
    /// Fills `z` with the standard normals of draw `(seed, stream, step)`: slot j gives
    /// `z[2j], z[2j + 1]` (`normalPair`), the second dropped when `z.count` is odd. The samplers
    /// key a particle's noise at step k by `(seed, particle, k)` and its start point by
    /// `(seed, particle, Sampler.startStep)`.
    @inlinable @inline(__always)
    public static func fillNormals(_ z: UnsafeMutableBufferPointer<Double>, seed: UInt64, stream: UInt64, step: UInt32) {
        for j in stride(from: 0, to: z.count, by: 2) {
            let (a, b) = normalPair(seed: seed, stream: stream, step: step, slot: UInt32(j / 2))
            z[j] = a
            if j + 1 < z.count { z[j + 1] = b }
        }
    }
}

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
