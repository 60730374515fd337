import Foundation

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

/// The guided score of classifier-free guidance, one coordinate at a time (Properties/README.md §1):
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
