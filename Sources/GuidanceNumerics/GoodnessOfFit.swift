import Foundation

/// Calibrated statistical tests: each takes its false-alarm rate `alpha` as a parameter and has
/// a companion that says what discrepancy it can detect at a given sample size.
///
/// All bounds are finite-sample and distribution-free (no asymptotics):
/// - Dvoretzky–Kiefer–Wolfowitz with Massart's constant: `P(sup|F_n - F| > ε) ≤ 2 exp(-2nε²)`.
/// - Two samples: the triangle inequality through the common law and DKW for each, at `α/2`.
/// - Hoeffding for means of variables in `[a, b]`: `P(|mean - μ| ≥ ε) ≤ 2 exp(-2nε²/(b-a)²)`.
public enum GoodnessOfFit {
    /// The DKW radius: `sup|F_n - F| ≤ sqrt(log(2/α)/(2n))` with probability at least `1 - α`.
    /// Throws `invalidArgument` unless `n ≥ 1` and `0 < α < 1`.
    public static func dkwRadius(sampleSize n: Int, alpha: Double) throws(NumericsError) -> Double {
        try checkSize(n, alpha: alpha)
        return (log(2 / alpha) / (2 * Double(n))).squareRoot()
    }

    /// The domain of every radius here: at least one sample, a false-alarm rate in (0, 1).
    static func checkSize(_ n: Int, alpha: Double) throws(NumericsError) {
        guard n >= 1 else { throw .invalidArgument(name: "sampleSize", value: "\(n)", allowed: "an integer ≥ 1") }
        guard alpha > 0, alpha < 1 else { throw .invalidArgument(name: "alpha", value: "\(alpha)", allowed: "a probability in (0, 1)") }
    }

    /// The radius for two independent samples of one law: `dkwRadius(n, α/2) + dkwRadius(m, α/2)`.
    public static func twoSampleRadius(_ n: Int, _ m: Int, alpha: Double) throws(NumericsError) -> Double {
        try checkSize(min(n, m), alpha: alpha)
        return try dkwRadius(sampleSize: n, alpha: alpha / 2) + dkwRadius(sampleSize: m, alpha: alpha / 2)
    }

    /// The Hoeffding radius for the mean of `n` variables with values in an interval of `width`.
    /// Throws `invalidArgument` unless `n ≥ 1` and `0 < α < 1`.
    public static func hoeffdingRadius(sampleSize n: Int, width: Double, alpha: Double) throws(NumericsError) -> Double {
        try checkSize(n, alpha: alpha)
        return width * (log(2 / alpha) / (2 * Double(n))).squareRoot()
    }

    /// `sup_x |F_n(x) - F(x)|` for the empirical law of `samples` against the distribution
    /// function `cdf`. Sorts a copy of the samples.
    public static func ksDistance(_ samples: [Double], cdf: (Double) -> Double) -> Double {
        ksDistance(cdfAtSortedSamples: samples.sorted().map(cdf))
    }

    /// The same distance from `F` at the samples in increasing order (for callers that compute
    /// those values incrementally): `max_i max(F_i - i/n, (i+1)/n - F_i)`.
    public static func ksDistance(cdfAtSortedSamples values: [Double]) -> Double {
        let n = Double(values.count)
        var d = 0.0
        for (i, f) in values.enumerated() { d = max(d, f - Double(i) / n, Double(i + 1) / n - f) }
        return d
    }

    /// `sup_x |F_n(x) - G_m(x)|` for two samples.
    public static func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] <= v { i += 1 }
            while j < y.count && y[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }
}
