import Foundation
import Numerics

/// A Gaussian component `N(μ, S)` with full covariance.
///
/// Noised: `N(m μ, m² S + s² I)`, in closed form. With `C = L Lᵀ` and `z = L⁻¹(x - m μ)`:
/// ```
/// log p_t(x) = -½|z|² - ½ log det C - (d/2) log 2π,     ∇log p_t(x) = -L⁻ᵀ z
/// ```
/// exact up to rounding in the Cholesky solves (relative error about κ(C)·ε).
public struct GaussianComponent: Component {
    public let mean: [Double]
    public let covariance: [Double]
    public var dimension: Int { mean.count }
    private let factor: Cholesky

    /// `covariance` is row-major `d × d`, symmetric positive definite.
    public init(mean: [Double], covariance: [Double]) throws {
        guard !mean.isEmpty else { throw ModelError(field: "mean", value: "[]", allowed: "at least one coordinate") }
        guard mean.allSatisfy(\.isFinite) else { throw ModelError(field: "mean", value: "\(mean)", allowed: "finite numbers") }
        self.mean = mean
        self.covariance = covariance
        self.factor = try Cholesky(covariance, dimension: mean.count)
    }

    /// `N(μ, σ² I)`.
    public init(mean: [Double], variance: Double) throws {
        try ModelError.requirePositive("variance", variance)
        let d = mean.count
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { c[i * d + i] = variance }
        try self.init(mean: mean, covariance: c)
    }

    public func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        NoisedGaussian(mean: mean, scale: 1, factor: factor).logDensity(x)
    }

    public func noised(m: Double, s: Double) throws -> any NoisedComponent {
        let d = dimension
        var c = covariance
        for i in 0..<(d * d) { c[i] *= m * m }
        for i in 0..<d { c[i * d + i] += s * s }
        return NoisedGaussian(mean: mean, scale: m, factor: try Cholesky(c, dimension: d))
    }

    public func contains(_ x: UnsafeBufferPointer<Double>) -> Bool { true }

    public var bounds: (lower: [Double], upper: [Double]) {
        (mean.map { _ in -.infinity }, mean.map { _ in .infinity })
    }

    public func sample(using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>) {
        let d = dimension
        let z = (0..<d).map { _ in stream.nextNormal() }
        for i in 0..<d {
            var v = mean[i]
            for k in 0...i { v += factor.lower[i * d + k] * z[k] }
            x[i] = v
        }
    }
}

/// `N(m μ, C)` with `C = L Lᵀ` factored once per noise level.
struct NoisedGaussian: NoisedComponent {
    let mean: [Double]
    let scale: Double
    let factor: Cholesky

    func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: mean.count) { score in
            evaluateUnchecked(x, score: score)
        }
    }

    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double {
        evaluateUnchecked(x, score: score)
    }

    private func evaluateUnchecked(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) -> Double {
        let d = mean.count
        for i in 0..<d { score[i] = x[i] - scale * mean[i] }
        factor.solveLower(score)
        var q = 0.0
        for i in 0..<d { q += score[i] * score[i] }
        factor.solveUpper(score)
        for i in 0..<d { score[i] = -score[i] }
        return -0.5 * q - 0.5 * factor.logDeterminant - Double(d) * Normal.logSqrt2Pi
    }
}
