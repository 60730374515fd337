import Foundation
import Numerics

/// A component whose coordinates are independent, each with a piecewise-linear density: the
/// uniform box `∏ U[l_i, u_i]`, and any 1-D piecewise-constant or piecewise-linear density
/// (`d = 1`).
///
/// The noising acts coordinate by coordinate, so `log p_t(x) = Σ_i log p_{t,i}(x_i)` and the
/// score's i-th entry is the i-th factor's score: the accuracy is that of
/// `PiecewiseLinearDensity`.
public struct ProductComponent: Component {
    public let factors: [PiecewiseLinearDensity]
    public var dimension: Int { factors.count }

    public init(factors: [PiecewiseLinearDensity]) throws {
        guard !factors.isEmpty else { throw ModelError(field: "factors", value: "[]", allowed: "at least one coordinate") }
        self.factors = factors
    }

    /// The uniform law on the box `[lower_i, upper_i]`.
    public static func uniformBox(lower: [Double], upper: [Double]) throws -> ProductComponent {
        guard !lower.isEmpty, lower.count == upper.count else {
            throw ModelError(field: "upper", value: "\(upper.count) coordinates", allowed: "as many as lower (\(lower.count)), at least one")
        }
        return try ProductComponent(factors: lower.indices.map { i in
            guard lower[i].isFinite, upper[i].isFinite, lower[i] < upper[i] else {
                throw ModelError(field: "upper[\(i)]", value: "\(upper[i]) with lower[\(i)] = \(lower[i])", allowed: "finite, with lower < upper (a non-empty interval)")
            }
            return try PiecewiseLinearDensity.uniform(lower: lower[i], upper: upper[i])
        })
    }

    public func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for i in 0..<dimension { total += log(factors[i].density(x[i])) }
        return total
    }

    public func noised(m: Double, s: Double) throws -> any NoisedComponent {
        NoisedProduct(factors: factors.map { $0.noised(m: m, s: s) })
    }

    public func contains(_ x: UnsafeBufferPointer<Double>) -> Bool {
        (0..<dimension).allSatisfy { factors[$0].contains(x[$0]) }
    }

    public func sample(using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<dimension { x[i] = factors[i].sample(using: &stream) }
    }

    public var bounds: (lower: [Double], upper: [Double]) { (factors.map(\.lower), factors.map(\.upper)) }

    public var mean: [Double] { factors.map { $0.moments.first } }

    public var covariance: [Double] {
        let d = dimension
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            let (m1, m2) = factors[i].moments
            c[i * d + i] = m2 - m1 * m1
        }
        return c
    }
}

struct NoisedProduct: NoisedComponent {
    let factors: [NoisedPiecewiseLinear]

    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double {
        var total = 0.0
        for i in 0..<factors.count {
            let (l, g) = factors[i].evaluate(x[i])
            total += l
            score[i] = g
        }
        return total
    }
}
