import Foundation
import GuidanceNumerics

/// A component whose coordinates are independent, each with a piecewise-linear density: the
/// uniform box `∏ U[l_i, u_i]`, and any 1-D piecewise-constant or piecewise-linear density
/// (`d = 1`).
///
/// The noising acts coordinate by coordinate, so `log p_t(x) = Σ_i log p_{t,i}(x_i)` and the
/// score's i-th entry is the i-th factor's score: the accuracy is that of
/// `PiecewiseLinearDensity`.
public struct PiecewiseLinearProduct: Component {
    public let factors: [PiecewiseLinearDensity]
    public var dimension: Int { factors.count }
    /// How a spec names the break points of factor i: `upper[i]` (a uniform box), `breaks[j]`
    /// (one factor) or `factors[i].breaks[j]`.
    let layout: FieldLayout

    enum FieldLayout: Sendable { case box, single, factors }

    public init(factors: [PiecewiseLinearDensity]) throws {
        try self.init(factors: factors, layout: factors.count == 1 ? .single : .factors)
    }

    init(factors: [PiecewiseLinearDensity], layout: FieldLayout) throws {
        guard !factors.isEmpty else { throw ModelError(field: "factors", value: "[]", allowed: "at least one coordinate") }
        self.factors = factors
        self.layout = layout
    }

    /// A factor's `ModelError` about `breaks[j]` under the spec's name for it.
    func named(_ error: ModelError, factor i: Int) -> ModelError {
        switch layout {
        case .box: return ModelError(field: error.field == "breaks[0]" ? "lower[\(i)]" : "upper[\(i)]", value: error.value, allowed: error.allowed)
        case .single: return error
        case .factors: return error.at("factors[\(i)]")
        }
    }

    /// The uniform law on the box `[lower_i, upper_i]`.
    public static func uniformBox(lower: [Double], upper: [Double]) throws -> PiecewiseLinearProduct {
        guard !lower.isEmpty, lower.count == upper.count else {
            throw ModelError(field: "upper", value: "\(upper.count) coordinates", allowed: "as many as lower (\(lower.count)), at least one")
        }
        return try PiecewiseLinearProduct(factors: lower.indices.map { i in
            guard lower[i].isFinite, upper[i].isFinite, lower[i] < upper[i] else {
                throw ModelError(field: "upper[\(i)]", value: "\(upper[i]) with lower[\(i)] = \(lower[i])", allowed: "finite, with lower < upper (a non-empty interval)")
            }
            do {
                return try PiecewiseLinearDensity.uniform(lower: lower[i], upper: upper[i])
            } catch let error as ModelError {
                throw ModelError(field: "upper[\(i)]", value: error.value, allowed: error.allowed)
            }
        }, layout: .box)
    }

    public func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        var total = 0.0
        for i in 0..<dimension { total += log(factors[i].density(x[i])) }
        return total
    }

    /// Throws `ModelError` naming the spec's break point whose segment's noised width
    /// underflows at `(m, s)` (`PiecewiseLinearDensity.checkNoisedWidths`).
    public func noised(m: Double, s: Double) throws -> any NoisedComponent {
        for (i, factor) in factors.enumerated() {
            do { try factor.checkNoisedWidths(m: m, s: s) } catch let error as ModelError { throw named(error, factor: i) }
        }
        return NoisedPiecewiseLinearProduct(factors: factors.map { $0.noised(m: m, s: s) })
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

/// A `PiecewiseLinearProduct` at one noise level: `log p_t(x) = Σ_i log p_{t,i}(x_i)`, the i-th score
/// entry the i-th factor's. The factors' split forms (`NoisedPiecewiseLinear.evaluateSplit`)
/// multiply their scales (each within `e^{±2.5}`) and take one log per 64 coordinates; the block
/// form hands the last product to the mixture as the scale (within `e^{±160}`), so a box in at
/// most 64 dimensions costs no log at all in the sampler.
struct NoisedPiecewiseLinearProduct: NoisedComponent {
    let factors: [NoisedPiecewiseLinear]

    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double {
        var logScale = 0.0, scale = 1.0
        withUnsafeTemporaryAllocation(of: SegmentLanes.self, capacity: x.count) { lanes in
            for i in 0..<x.count { lanes[i] = SegmentLanes(repeating: x[i]) }
            factors.withUnsafeBufferPointer {
                Self.evaluate($0, UnsafePointer(lanes.baseAddress!), count: 1, &logScale, &scale, score.baseAddress!, particleStride: 0, coordinateStride: 1)
            }
        }
        return logScale + log(scale)
    }

    func evaluate(
        block x: UnsafePointer<Double>, coordinates: UnsafePointer<SIMD8<Double>>, count: Int, dimension d: Int,
        logDensities: UnsafeMutablePointer<Double>, scales: UnsafeMutablePointer<Double>, scores: UnsafeMutablePointer<Double>,
        particleStride: Int, coordinateStride: Int
    ) throws {
        factors.withUnsafeBufferPointer { factors in
            Self.evaluate(
                factors, coordinates, count: count, logDensities, scales, scores, particleStride: particleStride, coordinateStride: coordinateStride)
        }
    }

    /// Up to eight particles, one per lane, coordinate i in `x[i]` (the lanes past `count` repeat
    /// the first particle); a single point is the case `count = 1`, so every particle gets the
    /// same arithmetic. Writes `log p_t` as `logScales[p] + log(scales[p])`.
    @inline(__always)
    private static func evaluate(
        _ factors: UnsafeBufferPointer<NoisedPiecewiseLinear>, _ x: UnsafePointer<SegmentLanes>, count: Int,
        _ logScales: UnsafeMutablePointer<Double>, _ scales: UnsafeMutablePointer<Double>, _ scores: UnsafeMutablePointer<Double>,
        particleStride: Int, coordinateStride: Int
    ) {
        precondition(count <= SegmentLanes.scalarCount, "NoisedPiecewiseLinearProduct evaluates at most eight particles at once")
        var logSum = SegmentLanes(), product = SegmentLanes(repeating: 1)
        // Eight lanes written lane-major (the mixture's own layout) are one vector store.
        let whole = count == SegmentLanes.scalarCount && particleStride == 1
        for i in 0..<factors.count {
            let (logScale, scale, g) = NoisedPiecewiseLinear.evaluateSplit(factors.baseAddress! + i, lanes: x[i], count: count)
            logSum += logScale
            product *= scale
            if whole {
                UnsafeMutableRawPointer(scores + i &* coordinateStride).storeBytes(of: g, as: SegmentLanes.self)
            } else {
                for p in 0..<count { scores[p &* particleStride &+ i &* coordinateStride] = g[p] }
            }
            if i & 63 == 63 && i &+ 1 < factors.count {
                for p in 0..<count { logSum[p] += log(product[p]) }
                product = SegmentLanes(repeating: 1)
            }
        }
        if whole {
            UnsafeMutableRawPointer(logScales).storeBytes(of: logSum, as: SegmentLanes.self)
            UnsafeMutableRawPointer(scales).storeBytes(of: product, as: SegmentLanes.self)
        } else {
            for p in 0..<count {
                logScales[p &* particleStride] = logSum[p]
                scales[p &* particleStride] = product[p]
            }
        }
    }
}
