import GuidanceNumerics

/// One mixture component: a probability density on `R^d` whose noised law
/// `p_t = law of m X_0 + s Z` has an exact log-density and score.
public protocol Component: Sendable {
    var dimension: Int { get }
    /// `log q(x)` of the data density (time 0); `-∞` outside the support.
    func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double
    /// The component noised to signal scale `m > 0` and noise scale `s > 0`.
    func noised(m: Double, s: Double) throws -> any NoisedComponent
    /// Whether `x` lies in the closed support (everywhere, for a Gaussian).
    func contains(_ x: UnsafeBufferPointer<Double>) -> Bool
    /// A draw from the data law, written to `x`.
    func sample(using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>)
    /// The smallest box containing the support (`±∞` for a Gaussian).
    var bounds: (lower: [Double], upper: [Double]) { get }
    /// The exact mean.
    var mean: [Double] { get }
    /// The exact covariance, row-major `d × d`.
    var covariance: [Double] { get }
}

/// A component at a fixed noise level: evaluates `log p_t(x)` and writes `∇log p_t(x)`.
public protocol NoisedComponent: Sendable {
    /// Returns `log p_t(x)` and writes the score `∇_x log p_t(x)` into `score` (length d).
    /// Throws only when a quadrature-backed evaluation could not reach its tolerance.
    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double

    /// `evaluate` for `count ≤ 8` particles in dimension d (row-major at `x`, and lane-major in
    /// `coordinates`: coordinate i of particle p is `coordinates[i][p]`, the lanes past `count`
    /// repeating particle 0), with `log p_t` split as
    /// `logDensities[p·particleStride] + log(scales[p·particleStride])` for particle p (a scale in
    /// `[e^{-200}, e^{200}]`, so the mixture multiplies it in after its exp and takes no log) and
    /// coordinate i of its score at `scores[p·particleStride + i·coordinateStride]`. The same
    /// numbers as `evaluate` up to that split, particle by particle; one dynamic call per block,
    /// not per particle.
    func evaluate(
        block x: UnsafePointer<Double>, coordinates: UnsafePointer<SIMD8<Double>>, count: Int, dimension d: Int,
        logDensities: UnsafeMutablePointer<Double>,
        scales: UnsafeMutablePointer<Double>, scores: UnsafeMutablePointer<Double>, particleStride: Int, coordinateStride: Int
    ) throws
}

extension NoisedComponent {
    /// The block form as a loop over `evaluate` (every scale 1).
    public func evaluate(
        block x: UnsafePointer<Double>, coordinates: UnsafePointer<SIMD8<Double>>, count: Int, dimension d: Int,
        logDensities: UnsafeMutablePointer<Double>,
        scales: UnsafeMutablePointer<Double>, scores: UnsafeMutablePointer<Double>, particleStride: Int, coordinateStride: Int
    ) throws {
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { score in
            for p in 0..<count {
                logDensities[p * particleStride] = try evaluate(UnsafeBufferPointer(start: x + p * d, count: d), score: score)
                scales[p * particleStride] = 1
                for i in 0..<d { scores[p * particleStride + i * coordinateStride] = score[i] }
            }
        }
    }
}
