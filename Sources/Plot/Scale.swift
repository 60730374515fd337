import Foundation

/// A map from data values to pixels along one axis, linear or logarithmic (base 10), with
/// "nice" tick positions.
///
/// ```
/// linear: p = p0 + (v - d0)/(d1 - d0) · (p1 - p0)
/// log:    p = p0 + (log10 v - log10 d0)/(log10 d1 - log10 d0) · (p1 - p0)
/// ```
public struct Scale: Sendable {
    public let domain: ClosedRange<Double>
    public let range: (Double, Double)
    public let logarithmic: Bool

    /// A scale over `values` (finite ones; positive ones when logarithmic), widened to a unit
    /// interval (a decade when logarithmic) when they are all equal or missing, then by
    /// `padding` times its width at both ends when linear.
    public init(covering values: [Double], range: (Double, Double), logarithmic: Bool = false, padding: Double = 0) {
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var low = usable.min() ?? (logarithmic ? 1 : 0), high = usable.max() ?? (logarithmic ? 10 : 1)
        if low == high {
            if logarithmic { low /= 10; high *= 10 } else { low -= 0.5; high += 0.5 }
        }
        if !logarithmic && padding > 0 {
            let margin = (high - low) * padding
            low -= margin
            high += margin
        }
        domain = low...high
        self.range = range
        self.logarithmic = logarithmic
    }

    /// The pixel of `value`; NaN for values a log scale cannot show.
    public func callAsFunction(_ value: Double) -> Double {
        let t: Double
        if logarithmic {
            guard value > 0 else { return .nan }
            t = (log10(value) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        } else {
            t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        }
        return range.0 + t * (range.1 - range.0)
    }

    /// Tick values inside the domain: multiples of a step of 1, 2 or 5 × 10^k giving about
    /// `count` ticks, or powers of 10 (every k-th decade when there are more than `2·count`;
    /// 1, 2, 5 × 10^k when fewer than two powers fall inside, the ends when those are fewer
    /// than two too) when logarithmic. Just the ends where the
    /// domain is too wide or too narrow for a finite step.
    public func ticks(count: Int = 5) -> [Double] {
        let (a, b) = (domain.lowerBound, domain.upperBound)
        let wanted = max(count, 1)
        if logarithmic {
            let first = ceil(log10(a)), last = floor(log10(b))
            guard last >= first + 1 else {
                // Less than two powers of ten inside: 1, 2 and 5 times powers of ten.
                let candidates = stride(from: floor(log10(a)), through: ceil(log10(b)), by: 1).flatMap { k in [1.0, 2, 5].map { $0 * pow(10, k) } }
                let inside = candidates.filter { $0 >= a * (1 - 1e-12) && $0 <= b * (1 + 1e-12) }
                return inside.count >= 2 ? inside : [a, b]
            }
            let every = max(1, ((last - first) / Double(2 * wanted)).rounded(.up))
            return stride(from: first, through: last, by: every).map { pow(10, $0) }
        }
        let raw = (b - a) / Double(wanted)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        guard step.isFinite && step > 0 && (a + step) > a else { return [a, b] }
        let ticks = stride(from: ceil(a / step) * step, through: b + step * 1e-9, by: step)
        return ticks.prefix(4 * wanted).map { abs($0) < step * 1e-9 ? 0 : $0 }
    }

    /// A short label: `%g` with four significant digits.
    public static func label(_ value: Double) -> String { String(format: "%.4g", value) }
}
