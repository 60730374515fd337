/// The guidance strength as a function of time, `w(t)`, as practitioners use it (Properties/README.md
/// §1, "Guidance schedules"): the guided score at time t is
/// ```
/// g_t(x) = (1 + w(t)) ∇log p_t(x|c) - w(t) ∇log p_t(x).
/// ```
/// - `constant(w)`: the papers' setting, `w(t) = w`;
/// - `interval(w, lower, upper)`: Kynkäänniemi et al. (NeurIPS 2024), guidance only on a band of
///   noise levels, `w(t) = w` for `lower ≤ t ≤ upper` and 0 elsewhere;
/// - `ramp(from, to)`: `w` linear in t between two points `(t₀, w₀)`, `(t₁, w₁)` with `t₀ < t₁`,
///   and constant beyond them (`w₀` below t₀, `w₁` above t₁);
/// - `table(breaks, values)`: piecewise constant, `w(t) = values[i]` for `breaks[i] ≤ t < breaks[i+1]`
///   (the last piece closed), 0 outside `[breaks.first, breaks.last]`.
///
/// A constant schedule gives every sampler and the flow map the bits of a plain `w`: `w(at:)`
/// returns the stored number and `jumps` is empty. Times are those of the forward process; an
/// interval given in noise levels `σ = s(t)/m(t)` is turned into times by `NoiseSchedule.time(atSigma:)`.
public enum GuidanceSchedule: Sendable, Equatable {
    case constant(Double)
    case interval(w: Double, lower: Double, upper: Double)
    case ramp(from: Point, to: Point)
    case table(breaks: [Double], values: [Double])

    /// One `(t, w)` point of a ramp.
    public struct Point: Sendable, Equatable {
        public var t: Double
        public var w: Double
        public init(t: Double, w: Double) {
            self.t = t
            self.w = w
        }
    }

    /// The largest w the library accepts (as for a constant w).
    public static let maximumW = 1e12

    /// Checks every number: w values finite in `[0, 1e12]`, times finite and > 0, ordered as each
    /// kind requires. The error names the field (`guidance.lower`, `guidance.values[2]`, ...).
    public func validated() throws -> GuidanceSchedule {
        func checkW(_ field: String, _ w: Double) throws {
            try ModelError.require(field, w, in: 0...Self.maximumW, "a number in [0, 1e12] (w = 0 is conditional sampling)")
        }
        func checkT(_ field: String, _ t: Double) throws {
            try ModelError.requirePositive(field, t)
        }
        switch self {
        case let .constant(w):
            try checkW("w", w)
        case let .interval(w, lower, upper):
            try checkW("guidance.w", w)
            try checkT("guidance.lower", lower)
            try checkT("guidance.upper", upper)
            guard lower < upper else {
                throw ModelError(field: "guidance.upper", value: "\(upper)", allowed: "a time > lower = \(lower)")
            }
        case let .ramp(from, to):
            try checkW("guidance.from.w", from.w)
            try checkW("guidance.to.w", to.w)
            try checkT("guidance.from.t", from.t)
            try checkT("guidance.to.t", to.t)
            guard from.t < to.t else {
                throw ModelError(field: "guidance.to.t", value: "\(to.t)", allowed: "a time > from.t = \(from.t)")
            }
        case let .table(breaks, values):
            guard breaks.count >= 2, values.count == breaks.count - 1 else {
                throw ModelError(
                    field: "guidance.values", value: "\(values.count) values for \(breaks.count) breaks",
                    allowed: "at least 2 breaks and one value per piece (breaks.count - 1)")
            }
            for (i, t) in breaks.enumerated() { try checkT("guidance.breaks[\(i)]", t) }
            for i in 1..<breaks.count where !(breaks[i - 1] < breaks[i]) {
                throw ModelError(field: "guidance.breaks[\(i)]", value: "\(breaks[i])", allowed: "strictly increasing times (> \(breaks[i - 1]))")
            }
            for (i, w) in values.enumerated() { try checkW("guidance.values[\(i)]", w) }
        }
        return self
    }

    /// `w(t)`.
    @inlinable
    public func w(at t: Double) -> Double {
        switch self {
        case let .constant(w):
            return w
        case let .interval(w, lower, upper):
            return t >= lower && t <= upper ? w : 0
        case let .ramp(from, to):
            if t <= from.t { return from.w }
            if t >= to.t { return to.w }
            return from.w + (to.w - from.w) * ((t - from.t) / (to.t - from.t))
        case let .table(breaks, values):
            guard t >= breaks[0], t <= breaks[breaks.count - 1] else { return 0 }
            var i = 0
            while i + 1 < values.count && t >= breaks[i + 1] { i += 1 }
            return values[i]
        }
    }

    /// `w(t)` for a solver working on the time segment `[lower, upper]` between two break points:
    /// at the segment's ends the one-sided limit from inside the segment, elsewhere `w(t)`. The
    /// adaptive flow solver stops at every jump (`jumps`), so that no step straddles one and the
    /// stage evaluated at a jump sees the value of its own side.
    @inlinable
    public func w(at t: Double, within lower: Double, _ upper: Double) -> Double {
        if t <= lower { return w(at: lower.nextUp) }
        if t >= upper { return w(at: upper.nextDown) }
        return w(at: t)
    }

    /// The times at which w jumps (sorted, each once): none for a constant schedule or a ramp.
    public var jumps: [Double] {
        switch self {
        case .constant, .ramp:
            return []
        case let .interval(w, lower, upper):
            return w == 0 ? [] : [lower, upper]
        case let .table(breaks, values):
            var result: [Double] = []
            for (i, t) in breaks.enumerated() {
                let below = i == 0 ? 0 : values[i - 1], above = i == values.count ? 0 : values[i]
                if below != above { result.append(t) }
            }
            return result
        }
    }

    /// The jumps strictly inside the open time interval `(lower, upper)`, decreasing: the break
    /// points a reverse-time solve from `upper` to `lower` must stop at.
    public func jumps(between lower: Double, and upper: Double) -> [Double] {
        jumps.filter { $0 > lower && $0 < upper }.reversed()
    }

    /// `sup_t w(t)`.
    public var peak: Double {
        switch self {
        case let .constant(w): return w
        case let .interval(w, _, _): return w
        case let .ramp(from, to): return max(from.w, to.w)
        case let .table(_, values): return values.max()!
        }
    }

    /// True when `w(t) = 0` for every t.
    public var isZero: Bool { peak == 0 }

    /// The constant w when the schedule is constant, nil otherwise.
    public var constantValue: Double? {
        if case let .constant(w) = self { return w }
        return nil
    }
}
