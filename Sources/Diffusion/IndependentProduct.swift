import Foundation
import GuidanceNumerics

/// A component whose coordinates are independent, each with any 1-D component law: a smooth
/// `beta` factor times a piecewise one, say. Noising acts coordinate by coordinate, so
/// ```
/// log p_t(x) = Σ_i log p_{t,i}(x_i),     (∇log p_t(x))_i = ∂_i log p_{t,i}(x_i),
/// ```
/// exact to the accuracy of the factors. The spec's `product` kind builds this when a factor is
/// not piecewise linear; products of piecewise-linear factors (boxes included) are a
/// `PiecewiseLinearProduct`, whose factors are evaluated without dynamic dispatch.
public struct IndependentProduct: Component {
    public let factors: [any Component]
    public var dimension: Int { factors.count }

    /// Throws when there is no factor or a factor is not one-dimensional.
    public init(factors: [any Component]) throws {
        guard !factors.isEmpty else { throw ModelError(field: "factors", value: "[]", allowed: "at least one 1-D factor") }
        for (i, factor) in factors.enumerated() where factor.dimension != 1 {
            throw ModelError(field: "factors[\(i)]", value: "\(factor.dimension)-D", allowed: "a 1-D component")
        }
        self.factors = factors
    }

    public func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        factors.indices.reduce(0) { $0 + factors[$1].logDensity(UnsafeBufferPointer(rebasing: x[$1...$1])) }
    }

    public func noised(m: Double, s: Double) throws -> any NoisedComponent {
        NoisedIndependentProduct(factors: try factors.enumerated().map { i, factor in
            do { return try factor.noised(m: m, s: s) } catch let error as ModelError { throw error.at("factors[\(i)]") }
        })
    }

    public func contains(_ x: UnsafeBufferPointer<Double>) -> Bool {
        factors.indices.allSatisfy { factors[$0].contains(UnsafeBufferPointer(rebasing: x[$0...$0])) }
    }

    public func sample(using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>) {
        for i in factors.indices { factors[i].sample(using: &stream, into: UnsafeMutableBufferPointer(rebasing: x[i...i])) }
    }

    public var bounds: (lower: [Double], upper: [Double]) { (factors.map { $0.bounds.lower[0] }, factors.map { $0.bounds.upper[0] }) }

    public var mean: [Double] { factors.map { $0.mean[0] } }

    public var covariance: [Double] {
        let d = dimension
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { c[i * d + i] = factors[i].covariance[0] }
        return c
    }
}

struct NoisedIndependentProduct: NoisedComponent {
    let factors: [any NoisedComponent]

    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double {
        var total = 0.0
        for i in factors.indices {
            total += try factors[i].evaluate(UnsafeBufferPointer(rebasing: x[i...i]), score: UnsafeMutableBufferPointer(rebasing: score[i...i]))
        }
        return total
    }
}
