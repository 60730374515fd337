import Foundation
import GuidanceNumerics

/// `E[h(x_out)]` over the outputs of a guided sampler.
///
/// Exact in one dimension for the probability-flow ODE: `FlowMap1D.expectation` (quadrature
/// over the start point through the monotone flow map). Otherwise, by Monte Carlo over a
/// `SampleBatch` with a calibrated interval: for `h` with values in a known `range`, the
/// empirical-Bernstein interval (`EmpiricalBernstein`) covers `E[h(x_out)]` of the sampler's
/// output law with probability at least `1 - alpha`. (The interval is about the law the sampler
/// produces, discretisation included; the particles must be independent, as the samplers' are.)
extension SampleBatch {
    /// The empirical-Bernstein interval of `E[h(x)]`; `h` receives one particle's coordinates.
    /// Throws when some `h(x)` falls outside `range` (the bound would not hold).
    public func expectation(
        _ h: (ArraySlice<Double>) -> Double, range: ClosedRange<Double>, alpha: Double
    ) throws -> EmpiricalBernstein {
        let values = (0..<count).map { p in h(positions[(p * dimension)..<((p + 1) * dimension)]) }
        return try EmpiricalBernstein(values, range: range, alpha: alpha)
    }
}
