import Foundation
import GuidanceNumerics

/// A piecewise-linear probability density on `[b_0, b_K]`: on segment k, `[b_k, b_{k+1}]`, the
/// density runs linearly from `left[k]` to `right[k]`. Piecewise-constant densities (a uniform
/// interval included) are the case `left = right`.
///
/// Noised, each segment is one `NormalLinearSegment`, so (with `u = (x - m y)/s`)
/// ```
/// p_t(x) = (1/m) Σ_k ∫ q_k φ(u) du,       ∇log p_t(x) = -(1/s) Σ_k w_k(x) E_k[u]
/// ```
/// where `w_k(x)` is segment k's share of the mass; closed form, evaluated in log space, so the
/// density and score stay accurate (relative 1e-10) 40 noise scales outside the support.
public struct PiecewiseLinearDensity: Sendable, Equatable {
    public let breaks: [Double]
    /// The density at the left end of each segment (after normalisation).
    public let left: [Double]
    /// The density at the right end of each segment (after normalisation).
    public let right: [Double]

    /// A piecewise-constant density with relative `heights` on the segments between `breaks`,
    /// normalised to integrate to 1.
    public static func constant(breaks: [Double], heights: [Double]) throws -> PiecewiseLinearDensity {
        guard heights.count == breaks.count - 1 else {
            throw ModelError(field: "heights", value: "\(heights.count) values", allowed: "one per segment: \(max(0, breaks.count - 1))")
        }
        return try PiecewiseLinearDensity(breaks: breaks, left: heights, right: heights, valuesField: "heights")
    }

    /// A piecewise-linear density with relative `values` at the `breaks`, normalised.
    public static func linear(breaks: [Double], values: [Double]) throws -> PiecewiseLinearDensity {
        guard values.count == breaks.count else {
            throw ModelError(field: "values", value: "\(values.count) values", allowed: "one per break: \(breaks.count)")
        }
        return try PiecewiseLinearDensity(
            breaks: breaks, left: Array(values.dropLast()), right: Array(values.dropFirst()), valuesField: "values")
    }

    /// The uniform density on `[lower, upper]`.
    public static func uniform(lower: Double, upper: Double) throws -> PiecewiseLinearDensity {
        try constant(breaks: [lower, upper], heights: [1])
    }

    private init(breaks: [Double], left: [Double], right: [Double], valuesField: String) throws {
        guard breaks.count >= 2 else {
            throw ModelError(field: "breaks", value: "\(breaks)", allowed: "at least two increasing numbers")
        }
        for (i, b) in breaks.enumerated() {
            guard b.isFinite else { throw ModelError(field: "breaks[\(i)]", value: "\(b)", allowed: "a finite number") }
            if i > 0, !(b > breaks[i - 1]) {
                throw ModelError(field: "breaks[\(i)]", value: "\(b)", allowed: "greater than breaks[\(i - 1)] = \(breaks[i - 1]) (segments must be non-empty)")
            }
        }
        for (i, v) in (left + right).enumerated() where !(v.isFinite && v >= 0) {
            throw ModelError(field: "\(valuesField)[\(i % left.count)]", value: "\(v)", allowed: "a finite number ≥ 0")
        }
        var total = 0.0
        for k in 0..<left.count { total += 0.5 * (left[k] + right[k]) * (breaks[k + 1] - breaks[k]) }
        guard total > 0, total.isFinite else {
            throw ModelError(field: valuesField, value: "\(valuesField == "heights" ? left : left + [right.last!])", allowed: "not all zero (the density must have positive mass)")
        }
        for k in 0..<left.count where left[k] + right[k] > 0 {
            let a = breaks[k], b = breaks[k + 1], gap = 2 * Self.relativeGap * max(abs(a), abs(b))
            guard b - a > gap else {
                throw ModelError(
                    field: "breaks[\(k + 1)]", value: "\(b)",
                    allowed: "break points at least \(gap) apart at this magnitude (2e-12 × max(|b_k|, |b_{k+1}|); here breaks[\(k)] = \(a): closer ones are below double-precision resolution)")
            }
        }
        self.breaks = breaks
        self.left = left.map { $0 / total }
        self.right = right.map { $0 / total }
    }

    /// Segments of positive mass must be wider than `2·relativeGap·max(|b_k|, |b_{k+1}|)`: a
    /// relative gap of 1e-12, far above the 2.2e-16 that rounding closes, so the break points
    /// stay distinct doubles through `m·b` at every noise level.
    public static let relativeGap = 1e-12

    /// Throws `ModelError` naming `breaks[k+1]` unless every segment of positive mass keeps a
    /// normal noised width `m(b_{k+1} - b_k)/s ≥ 2^-1022` at `(m, s)` (below it the width
    /// underflows, and `NormalLinearSegment` needs a width > 0): the bound is
    /// `b_{k+1} - b_k ≥ 2^-1022·s/m`.
    public func checkNoisedWidths(m: Double, s: Double) throws {
        for k in 0..<segmentCount where left[k] + right[k] > 0 && !(m * (breaks[k + 1] - breaks[k]) / s >= .leastNormalMagnitude) {
            throw ModelError(
                field: "breaks[\(k + 1)]", value: "\(breaks[k + 1])",
                allowed: "break points at least \(Double.leastNormalMagnitude * s / m) apart at this noise level (m = \(m), s = \(s); here breaks[\(k)] = \(breaks[k]): the noised width m·Δ/s underflows)")
        }
    }

    public var segmentCount: Int { left.count }
    public var lower: Double { breaks[0] }
    public var upper: Double { breaks[breaks.count - 1] }

    /// The density at y (right-continuous at interior breaks); 0 outside `[b_0, b_K]`.
    public func density(_ y: Double) -> Double {
        guard y >= lower, y <= upper else { return 0 }
        var k = 0
        while k + 1 < segmentCount, y >= breaks[k + 1] { k += 1 }
        let r = (y - breaks[k]) / (breaks[k + 1] - breaks[k])
        return left[k] + (right[k] - left[k]) * r
    }

    /// Whether y lies in a segment of positive mass (closed).
    public func contains(_ y: Double) -> Bool {
        for k in 0..<segmentCount where left[k] + right[k] > 0 && y >= breaks[k] && y <= breaks[k + 1] {
            return true
        }
        return false
    }

    /// `E[Y]` and `E[Y²]`, exact (Simpson's rule is exact for the cubic `y² q(y)`).
    public var moments: (first: Double, second: Double) {
        var m1 = 0.0, m2 = 0.0
        for k in 0..<segmentCount {
            let a = breaks[k], b = breaks[k + 1], c = 0.5 * (a + b)
            let qc = 0.5 * (left[k] + right[k])
            m1 += (b - a) / 6 * (a * left[k] + 4 * c * qc + b * right[k])
            m2 += (b - a) / 6 * (a * a * left[k] + 4 * c * c * qc + b * b * right[k])
        }
        return (m1, m2)
    }

    /// A draw: the segment by its mass, then the inverse of the segment's quadratic CDF, in the
    /// cancellation-free form `r = 2c / (q_a + sqrt(q_a² + 2(q_b - q_a)c))`, `c = U (q_a + q_b)/2`.
    public func sample(using stream: inout RandomStream) -> Double {
        var u = stream.nextUniform()
        var k = 0
        while k < segmentCount - 1 {
            let mass = 0.5 * (left[k] + right[k]) * (breaks[k + 1] - breaks[k])
            if u < mass { break }
            u -= mass
            k += 1
        }
        let qa = left[k], qb = right[k], length = breaks[k + 1] - breaks[k]
        let mass = 0.5 * (qa + qb) * length
        let c = min(max(u / mass, 0), 1) * 0.5 * (qa + qb)
        let r = 2 * c / (qa + (qa * qa + 2 * (qb - qa) * c).squareRoot())
        return breaks[k] + length * min(max(r, 0), 1)
    }

    /// The density noised to `(m, s)`.
    public func noised(m: Double, s: Double) -> NoisedPiecewiseLinear {
        NoisedPiecewiseLinear(density: self, m: m, s: s)
    }
}

/// A `PiecewiseLinearDensity` at one noise level `(m, s)`.
public struct NoisedPiecewiseLinear: Sendable {
    let density: PiecewiseLinearDensity
    let m: Double
    let s: Double
    private let logM: Double
    /// The block form of a one-segment density (a uniform interval, say); nil for several
    /// segments. The record lives in `singleStorage`; the sampler reads it through this pointer,
    /// with no reference counting and no copy.
    nonisolated(unsafe) private let single: UnsafePointer<SingleSegment>?
    /// `single`'s coefficients, in place.
    nonisolated(unsafe) private let singleCoefficients: UnsafePointer<ShortSeriesCoefficients>?
    private let singleStorage: SingleSegment.Storage?
    /// The short-series coefficients of the segments whose noised half-width is at most ½ and
    /// which have mass, for `evaluateSegments`: segment k's are `segmentCoefficients[i]` with
    /// `i = coefficientIndex[k]` (-1 for the others). Read in place, never copied per query;
    /// consecutive segments of one width share theirs.
    private let segmentCoefficients: [ShortSeriesCoefficients]
    private let coefficientIndex: [Int]

    /// One segment `[a, b]` at `(m, s)`: `u = (x - m y)/s` runs over `[b_u - h, b_u + h]` with
    /// midpoint `b_u = (x - centre)/s`, `centre = m(a + b)/2`, and `h = m(b - a)/(2s)`; the end
    /// values are divided by their mean `α` (the scale stays within `e^{±2.5}`, see
    /// `NormalLinearSegment.shortSeries`), `log α - log m` is `wideLogScale` and
    /// `log α + log 2h - log m - ½ log 2π` is `shortLogScale` (all of the short branch's log scale
    /// but the `-b_u²/2` of `log φ(b_u)`). `coefficients` are the short series' for h, valid when
    /// `isShortWidth` (`h ≤ ½`).
    struct SingleSegment {
        let centre: Double, halfWidth: Double, vLo: Double, vHi: Double, inverseS: Double
        let shortLogScale: Double, wideLogScale: Double
        let isShortWidth: Bool
        let coefficients: ShortSeriesCoefficients

        /// `coefficients`: the segment's short-series coefficients, nil when `h > ½` (the record
        /// then holds `unread`, computed once for all such records).
        init(density: PiecewiseLinearDensity, m: Double, s: Double, coefficients: ShortSeriesCoefficients?) {
            let a = density.breaks[0], b = density.breaks[1], alpha = 0.5 * (density.left[0] + density.right[0])
            (centre, halfWidth, inverseS) = (0.5 * m * (a + b), 0.5 * m * (b - a) / s, 1 / s)
            (vLo, vHi) = (density.right[0] / alpha, density.left[0] / alpha)
            wideLogScale = log(alpha) - log(m)
            shortLogScale = log(alpha) + log(2 * halfWidth) - log(m) - Normal.logSqrt2Pi
            isShortWidth = halfWidth <= 0.5
            self.coefficients = coefficients ?? Self.unread
        }

        /// The placeholder of a record whose interval is never short.
        private static let unread = ShortSeriesCoefficients(halfWidth: 0.5)

        /// The heap home of one record, freed with the last copy of its noised density.
        final class Storage: @unchecked Sendable {
            let pointer: UnsafeMutablePointer<SingleSegment>
            init(_ record: SingleSegment) {
                pointer = .allocate(capacity: 1)
                pointer.initialize(to: record)
            }
            deinit { pointer.deallocate() }
        }
    }

    init(density: PiecewiseLinearDensity, m: Double, s: Double) {
        self.density = density
        self.m = m
        self.s = s
        self.logM = log(m)
        // Segments of equal width (steps on a regular grid, a bump's two sides) share one set.
        var coefficients = [ShortSeriesCoefficients](), index = [Int](), lastHalfWidth = -1.0
        for k in 0..<density.segmentCount {
            let halfWidth = 0.5 * m * (density.breaks[k + 1] - density.breaks[k]) / s
            guard halfWidth <= 0.5 && density.left[k] + density.right[k] > 0 else {
                index.append(-1)
                continue
            }
            if halfWidth != lastHalfWidth {
                coefficients.append(ShortSeriesCoefficients(halfWidth: halfWidth))
                lastHalfWidth = halfWidth
            }
            index.append(coefficients.count - 1)
        }
        (segmentCoefficients, coefficientIndex) = (coefficients, index)
        singleStorage = density.segmentCount == 1
            ? SingleSegment.Storage(SingleSegment(density: density, m: m, s: s, coefficients: coefficients.first)) : nil
        single = singleStorage.map { UnsafePointer($0.pointer) }
        singleCoefficients = single.map {
            UnsafeRawPointer($0).advanced(by: MemoryLayout<SingleSegment>.offset(of: \.coefficients)!).assumingMemoryBound(to: ShortSeriesCoefficients.self)
        }
    }

    /// `(log p_t(x), d/dx log p_t(x))`.
    public func evaluate(_ x: Double) -> (logDensity: Double, score: Double) {
        let split = withUnsafePointer(to: self) { Self.evaluateSplit($0, lanes: SegmentLanes(repeating: x), count: 1) }
        return (split.logScale[0] + log(split.scale[0]), split.score[0])
    }

    /// `log p_t(x) = logScale + log(scale)` and the score at the first `count` (≤ 8) lanes of
    /// `x`, with `scale` within `e^{±2.5}`, so a product of up to 64 factors multiplies the
    /// scales and takes one log (`NoisedPiecewiseLinearProduct`). Every lane gets the arithmetic a single point
    /// gets. Static, on a pointer: the hot path reads the factor's fields in place (a method
    /// call would copy the factor, with its arrays' reference counts, around the calls inside).
    ///
    /// A one-segment density takes, at its midpoint `b_u = (x - centre)·(1/s)`, where the noised
    /// interval is short (`NormalLinearSegment.isShort`), `NormalLinearSegment.shortSeries`:
    /// `p_t(x) = (1/m)·2h·φ(b_u)·α·S`, score `-meanU·(1/s)`; elsewhere, if the segment is
    /// constant (a uniform interval), `NormalLinearSegment.wideConstant` on `[b_u - h, b_u + h]`:
    /// `p_t(x) = (α/m)·mass`. Every other lane (a sloped segment's wide lanes, any lane of a
    /// density with several segments) takes `evaluateSegments`: each segment of positive mass is
    /// one `NormalLinearSegment`, combined with a running log-sum-exp (`scale = 1`).
    @inline(__always)
    static func evaluateSplit(
        _ factor: UnsafePointer<NoisedPiecewiseLinear>, lanes x: SegmentLanes, count: Int
    ) -> (logScale: SegmentLanes, scale: SegmentLanes, score: SegmentLanes) {
        var logScale = SegmentLanes(), scale = SegmentLanes(repeating: 1), score = SegmentLanes()
        var done = SIMDMask<SegmentLanes.MaskStorage>(repeating: false)
        if let record = factor.pointee.single, let coefficients = factor.pointee.singleCoefficients {
            let h = record.pointee.halfWidth, inverseS = record.pointee.inverseS
            let b = (x - record.pointee.centre) * inverseS
            var short = SIMDMask<SegmentLanes.MaskStorage>(repeating: false)
            if record.pointee.isShortWidth {
                short = NormalLinearSegment.isShort(centres: b, halfWidth: h)
                if anyLane(short) {
                    // Lanes that are not short go in as 0, so they do not lengthen the series.
                    let all = allLanes(short)
                    let (average, meanU) = NormalLinearSegment.shortSeries(
                        centres: all ? b : b.replacing(with: 0, where: .!short), halfWidth: h, vLo: record.pointee.vLo,
                        vHi: record.pointee.vHi, coefficients: coefficients, count: count)
                    logScale = record.pointee.shortLogScale - 0.5 * b * b
                    scale = average
                    score = -meanU * inverseS
                    if all { return (logScale, scale, score) }
                }
            }
            done = short
            if record.pointee.vLo == record.pointee.vHi && !allLanes(short) {
                let wide = NormalLinearSegment.wideConstant(lo: b - h, width: 2 * h)
                logScale.replace(with: record.pointee.wideLogScale + wide.logScale, where: .!short)
                scale.replace(with: wide.scale, where: .!short)
                score.replace(with: -wide.meanU * inverseS, where: .!short)
                done = SIMDMask(repeating: true)
            }
        }
        if !allLanes(done) {
            // The other lanes one by one (the slow path: sloped or several segments).
            var logDensities = SegmentLanes(), scores = SegmentLanes()
            for p in 0..<count where !done[p] { (logDensities[p], scores[p]) = factor.pointee.evaluateSegments(x[p]) }
            logScale.replace(with: logDensities, where: .!done)
            score.replace(with: scores, where: .!done)
            scale.replace(with: 1, where: .!done)
        }
        return (logScale, scale, score)
    }

    /// A point so far out that `(x - m·b)/s` overflows (a diverging sampler's particle at a small
    /// s) has density 0 in double precision: `logDensity = -∞`, which the mixture reports as a
    /// `ModelError` naming the point.
    private func evaluateSegments(_ x: Double) -> (logDensity: Double, score: Double) {
        var top = -Double.infinity, sum = 0.0, weightedMean = 0.0
        let breaks = density.breaks, left = density.left, right = density.right
        let finite = segmentCoefficients.withUnsafeBufferPointer { coefficients in
            for k in 0..<left.count where left[k] + right[k] > 0 {
                let lo = (x - m * breaks[k + 1]) / s, width = m * (breaks[k + 1] - breaks[k]) / s
                guard lo.isFinite else { return false }
                let index = coefficientIndex[k]
                let segment = NormalLinearSegment(
                    lo: lo, width: width, vLo: right[k], vHi: left[k], shortCoefficients: index < 0 ? nil : coefficients.baseAddress! + index)
                if sum == 0 {
                    (top, sum, weightedMean) = (segment.logMass, 1, segment.meanU)
                    continue
                }
                if segment.logMass > top {
                    let rescale = exp(top - segment.logMass)
                    sum *= rescale
                    weightedMean *= rescale
                    top = segment.logMass
                }
                let w = exp(segment.logMass - top)
                sum += w
                weightedMean += w * segment.meanU
            }
            return true
        }
        guard finite else { return (-.infinity, 0) }
        return (sum == 1 ? top - logM : top + log(sum) - logM, -(weightedMean / sum) / s)
    }
}
