import Foundation

/// A calibrated confidence interval for the mean of bounded i.i.d. variables, by the empirical
/// Bernstein bound of Maurer & Pontil (2009, Theorem 4), two-sided:
/// ```
/// P(|mean_n - μ| > sqrt(2 V_n log(4/α)/n) + 7 (b - a) log(4/α)/(3(n - 1))) ≤ α
/// ```
/// for `X_i ∈ [a, b]`, `V_n` the unbiased sample variance, `n ≥ 2`. Unlike Hoeffding's radius
/// `(b - a) sqrt(log(2/α)/(2n))` it shrinks with the observed spread, so a wide a-priori range
/// costs only the `1/n` term.
public struct EmpiricalBernstein: Sendable, Equatable {
    public let mean: Double
    /// The half-width of the interval at false-alarm rate `alpha`.
    public let radius: Double
    public let sampleVariance: Double
    public let count: Int

    /// Throws `NumericsError.invalidArgument` when a value lies outside `range` (the bound would
    /// not hold), when `n < 2` or `alpha ∉ (0, 1)`.
    public init(_ values: [Double], range: ClosedRange<Double>, alpha: Double) throws {
        let n = values.count
        guard n >= 2 else { throw NumericsError.invalidArgument(name: "values", value: "\(n) values", allowed: "at least 2") }
        guard alpha > 0, alpha < 1 else { throw NumericsError.invalidArgument(name: "alpha", value: "\(alpha)", allowed: "a number in (0, 1)") }
        if let bad = values.first(where: { !range.contains($0) }) {
            throw NumericsError.invalidArgument(name: "values", value: "\(bad)", allowed: "inside the stated range \(range)")
        }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let log4a = log(4 / alpha)
        self.mean = mean
        self.sampleVariance = variance
        self.count = n
        self.radius = (2 * variance * log4a / Double(n)).squareRoot()
            + 7 * (range.upperBound - range.lowerBound) * log4a / (3 * Double(n - 1))
    }

    public var lower: Double { mean - radius }
    public var upper: Double { mean + radius }
}
