import Foundation

/// Shrinkers for common parameter types. A shrinker maps a failing case to candidates that are
/// strictly simpler, simplest first; the runner takes the first candidate that still fails and
/// repeats (`ClaimRunner`), so a shrinker that only ever proposes simpler cases terminates.
///
/// The total order of "simpler" that every shrinker follows, compared in this order:
/// 1. fewer components (mixture components, list elements, grid points) is simpler;
/// 2. rounder numbers are simpler: fewer significant decimal digits (`0` has none, `50` one,
///    `0.25` two), then smaller magnitude (`Shrink.roundness`);
/// 3. symmetric weights (all equal) are simpler than asymmetric ones, and rounder weights are
///    simpler than less round ones.
/// For a struct case, shrink one field at a time (`Shrink.field`) with the fields that count
/// components first.
public enum Shrink {
    /// The order key of rule 2: `(significant decimal digits, |x|)`, compared
    /// lexicographically. Non-finite numbers are the least simple.
    public static func roundness(_ x: Double) -> (digits: Int, magnitude: Double) {
        guard x.isFinite else { return (Int.max, .infinity) }
        guard x != 0 else { return (0, 0) }
        var mantissa = "\(abs(x))"
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) { mantissa = String(mantissa[..<e]) }
        let digits = mantissa.filter(\.isNumber).drop(while: { $0 == "0" })
        let significant = digits.reversed().drop(while: { $0 == "0" })
        return (significant.count, abs(x))
    }

    /// True when `a` is strictly simpler than `b` by rule 2.
    public static func isRounder(_ a: Double, than b: Double) -> Bool {
        let ka = roundness(a), kb = roundness(b)
        return ka.digits != kb.digits ? ka.digits < kb.digits : ka.magnitude < kb.magnitude
    }

    /// Rounder numbers than `x`, simplest first: 0, the integers and decimals of fewer digits
    /// near x (truncated and rounded), and x halved toward 0 at its own precision.
    public static func towardsRound(_ x: Double) -> [Double] {
        guard x != 0 else { return [] }
        var candidates: [Double] = [0]
        if x.isFinite {
            for places in 0...15 {
                let scale = pow(10, Double(places))
                candidates.append((x * scale).rounded(.towardZero) / scale)
                candidates.append((x * scale).rounded() / scale)
            }
            candidates.append(x / 2)
            candidates.append((x / 2).rounded(.towardZero))
        } else {
            candidates.append(x.isNaN ? 1 : x.sign == .minus ? -Double.greatestFiniteMagnitude : .greatestFiniteMagnitude)
        }
        return ordered(candidates.filter { $0.isFinite && isRounder($0, than: x) }, by: isRounder)
    }

    /// Values strictly closer to `target` than `x`: the target itself, then values whose offset
    /// from the target is rounder than `x - target` (rule 2 applied to the offset).
    public static func towards(_ x: Double, target: Double) -> [Double] {
        towardsRound(x - target).map { target + $0 }.filter { abs($0 - target) < abs(x - target) }
    }

    /// Integers closer to `target` than `n`, closest first: the target, halfway, one step.
    public static func integer(_ n: Int, towards target: Int = 0) -> [Int] {
        guard n != target else { return [] }
        let half = target + (n - target) / 2
        let step = n > target ? n - 1 : n + 1
        var seen = Set<Int>()
        return [target, half, step].filter { seen.insert($0).inserted }
    }

    /// Shorter arrays first (the second half dropped, the first half dropped, then each single
    /// element dropped, never below `minCount`), then arrays with one element replaced by each
    /// of its `element` candidates.
    public static func array<T>(_ xs: [T], minCount: Int = 0, element: (T) -> [T] = { _ in [] }) -> [[T]] {
        var result: [[T]] = []
        let half = xs.count / 2
        if half > 0 && xs.count - half >= minCount {
            result.append(Array(xs[..<(xs.count - half)]))
            result.append(Array(xs[half...]))
        }
        if xs.count > minCount && xs.count > 1 {
            for i in xs.indices { result.append(Array(xs[..<i] + xs[(i + 1)...])) }
        }
        for i in xs.indices {
            for candidate in element(xs[i]) {
                var copy = xs
                copy[i] = candidate
                result.append(copy)
            }
        }
        return result
    }

    /// Simpler weights (rule 3): equal weights first, then the weights rounded to 1 and 2
    /// decimals and rescaled to sum to 1; only candidates that differ from `w` and keep every
    /// weight positive.
    public static func weights(_ w: [Double]) -> [[Double]] {
        guard w.count > 1 else { return [] }
        var result: [[Double]] = []
        let equal = Array(repeating: 1 / Double(w.count), count: w.count)
        if w != equal { result.append(equal) }
        for places in 1...2 {
            let scale = pow(10, Double(places))
            let rounded = w.map { ($0 * scale).rounded() / scale }
            let total = rounded.reduce(0, +)
            guard total > 0, rounded.allSatisfy({ $0 > 0 }) else { continue }
            let candidate = rounded.map { $0 / total }
            if candidate != w && !result.contains(candidate) { result.append(candidate) }
        }
        return result
    }

    /// The cases obtained by replacing one field of `value` with each of its candidates.
    public static func field<C, V>(_ value: C, _ path: WritableKeyPath<C, V>, _ shrink: (V) -> [V]) -> [C] {
        shrink(value[keyPath: path]).map { candidate in
            var copy = value
            copy[keyPath: path] = candidate
            return copy
        }
    }

    /// `values` without repeats, sorted by `simpler`.
    static func ordered(_ values: [Double], by simpler: (Double, Double) -> Bool) -> [Double] {
        var unique: [Double] = []
        for v in values where !unique.contains(v) { unique.append(v) }
        return unique.sorted(by: simpler)
    }
}
