import Diffusion

/// Keeps the CLI away from a precondition of `GuidanceNumerics.NormalLinearSegment` (`lo < hi`).
///
/// A piecewise segment `[b_k, b_{k+1}]` (uniform boxes, `piecewise`, `piecewise-linear`) noised to
/// `(m, s)` is evaluated at `lo = (x - m b_{k+1})/s`, `hi = (x - m b_k)/s`. When `m (b_{k+1} - b_k)`
/// drops below the rounding of `x` (large t, where `m = e^{-t}` is tiny, or large |x|), `lo` and
/// `hi` round to the same double and the evaluation traps instead of throwing. The gap is kept
/// safely resolved by requiring, for every segment of positive mass and every `|x| ≤ reach`,
/// ```
/// m (b_{k+1} - b_k) ≥ 1e-12 (reach + m max(|b_k|, |b_{k+1}|))
/// ```
/// (a relative gap of 1e-12, far above the 2.2e-16 that rounding can close).
enum SegmentResolution {
    static let relativeGap = 1e-12

    /// Every segment of positive mass of the mixture's piecewise factors (boxes, `piecewise`,
    /// `piecewise-linear`): its width, its largest end in absolute value, and where it sits.
    /// Throws `InputError` naming the component for a segment narrower than `relativeGap` of its
    /// own position, which no signal scale resolves.
    private static func segments(of mixture: Mixture) throws -> [(width: Double, magnitude: Double, place: String)] {
        var found: [(width: Double, magnitude: Double, place: String)] = []
        for (c, cls) in mixture.classes.enumerated() {
            for (k, entry) in cls.components.enumerated() {
                guard let product = entry.component as? PiecewiseLinearProduct else { continue }
                for density in product.factors {
                    for j in 0..<density.segmentCount where density.left[j] + density.right[j] > 0 {
                        let a = density.breaks[j]
                        let b = density.breaks[j + 1]
                        let magnitude = max(abs(a), abs(b))
                        guard b - a > 2 * relativeGap * magnitude else {
                            throw InputError(
                                field: "classes[\(c)].components[\(k)]", value: "segment [\(a), \(b)]",
                                allowed: "segments wider than 2e-12 × max(|a|, |b|) (narrower ones are below double-precision resolution)")
                        }
                        found.append((b - a, magnitude, "segment [\(a), \(b)] of classes[\(c)].components[\(k)]"))
                    }
                }
            }
        }
        return found
    }

    /// The largest `|x|` at which every segment stays resolved at signal scale m.
    static func reach(_ mixture: Mixture, m: Double) throws -> (reach: Double, place: String?) {
        var best = Double.infinity
        var place: String?
        for segment in try segments(of: mixture) {
            let limit = (m * segment.width) / relativeGap - m * segment.magnitude
            if limit < best { (best, place) = (limit, segment.place) }
        }
        return (best, place)
    }

    /// The smallest signal scale m at which every segment stays resolved for `|x| ≤ reach`.
    static func minimumScale(_ mixture: Mixture, reach: Double) throws -> (m: Double, place: String?) {
        var best = 0.0
        var place: String?
        for segment in try segments(of: mixture) {
            let needed = relativeGap * reach / (segment.width - relativeGap * segment.magnitude)
            if needed > best { (best, place) = (needed, segment.place) }
        }
        return (best, place)
    }

    /// Throws `InputError` naming `field` (the start time) unless the segments are resolved at
    /// `m(time)` for every `|x| ≤ reach`.
    static func requireResolved(_ mixture: Mixture, schedule: NoiseSchedule, time: Double, field: String, reach: Double) throws {
        let (needed, place) = try minimumScale(mixture, reach: reach)
        let m = schedule.m(time)
        guard let place, m < needed else { return }
        throw InputError(
            field: field, value: "\(time)",
            allowed: "a time with m ≥ \(needed) (here m = \(m): the \(place) falls below double-precision resolution for |x| ≤ \(reach))")
    }
}
