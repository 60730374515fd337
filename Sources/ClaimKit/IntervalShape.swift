import Diffusion
import Foundation

/// The shape of a compactly supported 1-D class density on an interval `[a, b]`, as the
/// generators draw it ([G1] Theorem 1 asks for "several shapes", not only the uniform).
///
/// All shapes but `beta` are β-bounded in the sense of Properties/README.md G1.2: the density stays between
/// `1/(βL)` and `β/L` on its interval of length L, with `β = betaBound`.
public enum IntervalShape: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The uniform density.
    case uniform
    /// Piecewise constant on equal pieces, with these relative heights (each > 0).
    case steps([Double])
    /// Linear from `left` to `right` (both > 0).
    case ramp(left: Double, right: Double)
    /// A raised bump `1 + height·sin²(π r)`, `r ∈ [0, 1]`, as its piecewise-linear interpolant on
    /// 9 equal pieces.
    case bump(height: Double)
    /// Beta(α, β) stretched onto the interval: smooth, quadrature-backed, vanishing at the ends
    /// (so not β-bounded).
    case beta(alpha: Double, beta: Double)

    public var description: String {
        switch self {
        case .uniform: return "uniform"
        case let .steps(h): return "steps\(h)"
        case let .ramp(l, r): return "ramp(\(l)→\(r))"
        case let .bump(h): return "bump(\(h))"
        case let .beta(a, b): return "beta(\(a), \(b))"
        }
    }

    /// The spec component with this shape on `[lower, upper]`.
    public func component(lower: Double, upper: Double, weight: Double = 1) -> MixtureSpec.ComponentSpec {
        let length = upper - lower
        switch self {
        case .uniform:
            return .uniform(weight: weight, lower: [lower], upper: [upper])
        case let .steps(heights):
            let breaks = (0...heights.count).map { lower + length * Double($0) / Double(heights.count) }
            return .piecewise(weight: weight, breaks: breaks, heights: heights)
        case let .ramp(left, right):
            return .piecewiseLinear(weight: weight, breaks: [lower, upper], values: [left, right])
        case let .bump(height):
            let r = (0...9).map { Double($0) / 9 }
            return .piecewiseLinear(weight: weight, breaks: r.map { lower + length * $0 },
                                    values: r.map { 1 + height * pow(sin(Double.pi * $0), 2) })
        case let .beta(alpha, beta):
            return .beta(weight: weight, lower: lower, upper: upper, alpha: alpha, beta: beta)
        }
    }

    /// The smallest β with density in `[1/(βL), β/L]`; `∞` for `beta`.
    public var betaBound: Double {
        func bound(_ values: [Double], mean: Double) -> Double { max(values.max()! / mean, mean / values.min()!) }
        switch self {
        case .uniform: return 1
        case let .steps(h): return bound(h, mean: h.reduce(0, +) / Double(h.count))
        case let .ramp(l, r): return bound([l, r], mean: 0.5 * (l + r))
        case let .bump(height):
            let values: [Double] = (0...9).map { (k: Int) -> Double in
                let r = Double(k) / 9
                return 1 + height * pow(sin(Double.pi * r), 2)
            }
            var total = 0.0
            for k in 1..<values.count { total += 0.5 * (values[k - 1] + values[k]) }
            let mean = total / 9
            return bound(values, mean: mean)
        case .beta: return .infinity
        }
    }
}

extension CaseGenerator {
    /// A random shape; `betaBounded` leaves out `beta`. An edge case is the uniform.
    public mutating func intervalShape(betaBounded: Bool) -> IntervalShape {
        if edgeCase { return .uniform }
        switch int(in: 0...(betaBounded ? 3 : 4)) {
        case 0: return .uniform
        case 1: return .steps(array(count: 2...4) { $0.double(in: 0.2...2) })
        case 2: return .ramp(left: double(in: 0.2...2), right: double(in: 0.2...2))
        case 3: return .bump(height: double(in: 0.5...3))
        default: return .beta(alpha: double(in: 1.5...4), beta: double(in: 1.5...4))
        }
    }
}

extension Shrink {
        /// Rounder values that stay at least 0.1 (heights and end values must stay positive).
    private static func positive(_ x: Double) -> [Double] { Shrink.towardsRound(x).filter { $0 >= 0.1 } }

    /// Simpler shapes: the uniform first, then the same shape with rounder parameters.
    public static func intervalShape(_ shape: IntervalShape) -> [IntervalShape] {
        switch shape {
        case .uniform: return []
        case let .steps(h): return [.uniform] + Shrink.array(h, minCount: 2, element: positive).map { .steps($0) }
        case let .ramp(l, r): return [.uniform] + positive(l).map { .ramp(left: $0, right: r) } + positive(r).map { .ramp(left: l, right: $0) }
        case let .bump(h): return [.uniform] + positive(h).map { .bump(height: $0) }
        case let .beta(a, b): return [.uniform, .bump(height: 1)] + Shrink.towardsRound(a).filter { $0 >= 1 }.map { .beta(alpha: $0, beta: b) }
        }
    }
}
