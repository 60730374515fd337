import Foundation

extension TiltedLaw {
    /// The levels `(i - ½)/n`, `i = 1…n`, at which `distanceLowerBound` compares two laws.
    public static func distanceLevels(_ n: Int) -> [Double] { (1...max(n, 1)).map { (Double($0) - 0.5) / Double(max(n, 1)) } }

    /// A lower bound on the Kolmogorov–Smirnov distance between the output law of `flow` (exact
    /// quantiles `x_q`) and this law, from the quantile levels `levels`:
    /// ```
    /// D⁻ = max_q |q - F_tilt(x_q)| ≤ D = sup_x |F_guided(x) - F_tilt(x)| ≤ D⁻ + Δ
    /// ```
    /// with Δ the largest gap between consecutive levels (or to 0 and 1): between two quantile
    /// points both CDFs are increasing, so neither moves by more than the gap. For
    /// `distanceLevels(n)`, Δ = 1/n. Accuracy: the flow map's and the quadrature's tolerances.
    public func distanceLowerBound(to flow: FlowMap1D, levels: [Double]) throws -> Double {
        var largest = 0.0
        for q in levels { largest = max(largest, abs(q - (try cdf(try flow.quantile(q))))) }
        return largest
    }
}
