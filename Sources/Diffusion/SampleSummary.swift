/// What a sampler run's particles say about the law they sample: per-coordinate moments and
/// quantiles, and the share inside the guided class's support. One definition for the CLI's
/// `guidance sample` report and the claims that count the same things.
public struct SampleSummary: Sendable {
    /// One coordinate's finite values (n of them; particles that diverged are left out and
    /// counted in `nonFinite`):
    /// ```
    /// mean = Σ x_i / n,      standardDeviation = sqrt(Σ (x_i - mean)² / (n - 1))
    /// quantile(q) = x_(⌊h⌋) + (h - ⌊h⌋)(x_(⌊h⌋+1) - x_(⌊h⌋)),   h = (n - 1) q
    /// ```
    /// with `x_(0) ≤ … ≤ x_(n-1)` the order statistics (linear interpolation between order
    /// statistics, Hyndman–Fan type 7, as NumPy's default). No finite value: mean, deviation and
    /// quantiles are NaN; one value: deviation 0; a level outside [0, 1] (or NaN): NaN.
    public struct Coordinate: Sendable {
        public var mean: Double
        public var standardDeviation: Double
        /// `(level q, value)` for each requested level, in the order given.
        public var quantiles: [(level: Double, value: Double)]
        public var nonFinite: Int

        public init(_ values: [Double], levels: [Double]) {
            let finite = values.filter(\.isFinite).sorted()
            let n = finite.count
            nonFinite = values.count - n
            let mean = n == 0 ? .nan : finite.reduce(0, +) / Double(n)
            self.mean = mean
            standardDeviation = n < 2 ? (n == 1 ? 0 : .nan) : (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
            quantiles = levels.map { q in
                guard n > 0, q >= 0, q <= 1 else { return (q, .nan) }
                let h = Double(n - 1) * q
                let lo = Int(h.rounded(.down))
                let hi = min(lo + 1, n - 1)
                return (q, finite[lo] + (h - Double(lo)) * (finite[hi] - finite[lo]))
            }
        }
    }

    public var coordinates: [Coordinate]
    /// `#{p : x_p ∈ supp p(·|c)} / n` over all n particles, membership by `Component.contains`
    /// (closed support; every point for a Gaussian component), `Mixture.classContains`.
    public var insideClassSupport: Double

    /// The summary of `batch` for class `classIndex` of `mixture`, quantiles at `levels`.
    public init(_ batch: SampleBatch, mixture: Mixture, classIndex: Int, levels: [Double]) {
        coordinates = (0..<batch.dimension).map { Coordinate(batch.coordinate($0), levels: levels) }
        insideClassSupport = Self.insideShare(batch, mixture: mixture, classIndex: classIndex)
    }

    /// The share of `batch`'s particles inside the support of class `classIndex` (as
    /// `insideClassSupport`), without the rest of the summary.
    public static func insideShare(_ batch: SampleBatch, mixture: Mixture, classIndex: Int) -> Double {
        let d = batch.dimension
        let inside = batch.positions.withUnsafeBufferPointer { all in
            (0..<batch.count).reduce(0) { count, p in
                count + (mixture.classContains(classIndex, UnsafeBufferPointer(rebasing: all[(p * d)..<((p + 1) * d)])) ? 1 : 0)
            }
        }
        return Double(inside) / Double(batch.count)
    }
}
