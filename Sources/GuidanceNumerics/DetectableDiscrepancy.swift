import Foundation

/// What each calibrated test of `GoodnessOfFit` and `EmpiricalBernstein` can detect: the
/// smallest discrepancy, in the test's own units, that it rejects with probability at least
/// `1 - beta` when it runs at false-alarm rate `alpha` on `n` samples. Every bound is finite-sample
/// and distribution-free, by the same inequality that calibrates the test, used a second time at
/// `beta`:
///
/// - DKW (one sample, reject when `sup|F_n - F₀| > r(n, α) + a`, `a` an allowance for a known
///   bias such as a solver's error): if the true law has `sup|F - F₀| ≥ Δ`, then with probability
///   at least `1 - β`, `sup|F_n - F| ≤ r(n, β)`, so `sup|F_n - F₀| ≥ Δ - r(n, β)`, which exceeds
///   `r(n, α) + a` as soon as `Δ > r(n, α) + r(n, β) + a`.
/// - Two samples: the same with `twoSampleRadius` at `α` and at `β`.
/// - Hoeffding (means of variables in an interval of width `b - a`, reject when the mean passes a
///   threshold by more than `h(n, α)`): a true mean past the threshold by `Δ > h(n, α) + h(n, β)`.
/// - Empirical Bernstein: the same with the interval's radius at `α` and at `β`, at the observed
///   sample variance (the variance term is estimated, so this size is stated, not guaranteed).
///
/// The binomial share of a count is the Hoeffding case with width 1.
public enum DetectableDiscrepancy {
    /// The default `beta` (the profiles may set another): a miss at most once in 1000 runs.
    public static let defaultBeta = 1e-3

    /// The KS distance a one-sample DKW test detects: `r(n, α) + r(n, β) + allowance`.
    public static func dkw(sampleSize n: Int, alpha: Double, beta: Double = defaultBeta, allowance: Double = 0) throws(NumericsError) -> Double {
        try checkAllowance(allowance)
        return try GoodnessOfFit.dkwRadius(sampleSize: n, alpha: alpha) + GoodnessOfFit.dkwRadius(sampleSize: n, alpha: beta) + allowance
    }

    /// The KS distance between two laws that the two-sample test detects.
    public static func twoSample(_ n: Int, _ m: Int, alpha: Double, beta: Double = defaultBeta, allowance: Double = 0) throws(NumericsError) -> Double {
        try checkAllowance(allowance)
        return try GoodnessOfFit.twoSampleRadius(n, m, alpha: alpha) + GoodnessOfFit.twoSampleRadius(n, m, alpha: beta) + allowance
    }

    /// The difference of means (or of a share, `width` 1) that a Hoeffding test detects.
    public static func hoeffding(sampleSize n: Int, width: Double, alpha: Double, beta: Double = defaultBeta) throws(NumericsError) -> Double {
        try GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: width, alpha: alpha)
            + GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: width, alpha: beta)
    }

    /// The difference of means an empirical-Bernstein interval of `values` detects: its radius at
    /// `alpha` plus its radius at `beta`, at the observed variance.
    public static func empiricalBernstein(_ values: [Double], range: ClosedRange<Double>, alpha: Double, beta: Double = defaultBeta) throws -> Double {
        try EmpiricalBernstein(values, range: range, alpha: alpha).radius + EmpiricalBernstein(values, range: range, alpha: beta).radius
    }

    static func checkAllowance(_ allowance: Double) throws(NumericsError) {
        guard allowance.isFinite, allowance >= 0 else {
            throw .invalidArgument(name: "allowance", value: "\(allowance)", allowed: "a finite number ≥ 0")
        }
    }
}
