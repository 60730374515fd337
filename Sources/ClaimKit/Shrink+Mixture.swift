import Diffusion
import Foundation

extension Shrink {
    /// Simpler mixture specs than `spec` that still satisfy `constraints`, simplest first, in the
    /// order of `Shrink`: one component fewer (never below the constraints' minimum per class),
    /// then every number of the spec rounded to 0, 1 or 2 decimals, then equal component and
    /// class weights. A mirrored spec is shrunk through its first class and reflected again.
    /// Every candidate builds, satisfies `constraints.violations` and is strictly simpler by
    /// `complexity`, so greedy shrinking terminates.
    public static func mixture(_ spec: MixtureSpec, constraints: MixtureConstraints) -> [MixtureSpec] {
        var candidates: [MixtureSpec] = []
        func add(_ candidate: MixtureSpec) {
            var c = candidate
            if constraints.mirrored, c.classes.count == 2 { c.classes[1] = MixtureConstraints.mirror(c.classes[0]) }
            candidates.append(c)
        }
        let editable = constraints.mirrored ? min(1, spec.classes.count) : spec.classes.count
        for c in 0..<editable where spec.classes[c].components.count > max(1, constraints.components.lowerBound) {
            for k in spec.classes[c].components.indices {
                var fewer = spec
                fewer.classes[c].components.remove(at: k)
                add(fewer)
            }
        }
        for places in 0...2 { add(rounded(spec, places: places)) }
        var equal = spec
        for c in equal.classes.indices {
            let n = Double(equal.classes[c].components.count)
            for k in equal.classes[c].components.indices { equal.classes[c].components[k].weight = 1 / n }
            equal.classes[c].weight = 1 / Double(equal.classes.count)
        }
        add(equal)
        let key = complexity(spec)
        var seen: [MixtureSpec] = []
        return candidates.filter { candidate in
            guard candidate != spec, !seen.contains(candidate), complexity(candidate) < key,
                  (try? candidate.build()) != nil, constraints.violations(of: candidate).isEmpty else { return false }
            seen.append(candidate)
            return true
        }
    }

    /// The order "simpler" uses for specs, compared lexicographically: components, significant
    /// digits of every number but the weights (`Shrink.roundness`), distinct weights per class
    /// summed (1 each for equal weights), significant digits of the weights.
    public static func complexity(_ spec: MixtureSpec) -> MixtureComplexity {
        var digits = 0, weightDigits = 0, distinct = 0
        for cls in spec.classes {
            weightDigits += roundness(cls.weight).digits
            distinct += Set(cls.components.map(\.weight)).count
            for component in cls.components {
                weightDigits += roundness(component.weight).digits
                digits += numbers(component).reduce(0) { $0 + roundness($1).digits }
            }
        }
        return MixtureComplexity(components: spec.classes.reduce(0) { $0 + $1.components.count }, digits: digits,
                                 distinctWeights: distinct + Set(spec.classes.map(\.weight)).count, weightDigits: weightDigits)
    }

    /// Every number of a component but its weight.
    static func numbers(_ c: MixtureSpec.ComponentSpec) -> [Double] {
        var all = (c.mean ?? []) + (c.cov ?? []).flatMap { $0 } + (c.lower ?? []) + (c.upper ?? [])
        all += (c.breaks ?? []) + (c.heights ?? []) + (c.values ?? []) + [c.alpha, c.beta].compactMap { $0 }
        return all + (c.factors ?? []).flatMap(numbers)
    }

    /// Every number of the spec but the weights rounded to `places` decimals.
    static func rounded(_ spec: MixtureSpec, places: Int) -> MixtureSpec {
        let scale = pow(10, Double(places))
        func round(_ x: Double) -> Double { (x * scale).rounded() / scale }
        func component(_ c: MixtureSpec.ComponentSpec) -> MixtureSpec.ComponentSpec {
            var r = c
            r.mean = c.mean?.map(round)
            r.cov = c.cov?.map { $0.map(round) }
            r.lower = c.lower?.map(round)
            r.upper = c.upper?.map(round)
            r.breaks = c.breaks?.map(round)
            r.heights = c.heights?.map(round)
            r.values = c.values?.map(round)
            r.alpha = c.alpha.map(round)
            r.beta = c.beta.map(round)
            r.factors = c.factors?.map(component)
            return r
        }
        var result = spec
        for c in result.classes.indices { result.classes[c].components = result.classes[c].components.map(component) }
        return result
    }
}

/// `Shrink.complexity`: lexicographic, smaller is simpler.
public struct MixtureComplexity: Comparable, Sendable, CustomStringConvertible {
    public var components: Int
    public var digits: Int
    public var distinctWeights: Int
    public var weightDigits: Int

    public static func < (a: Self, b: Self) -> Bool {
        (a.components, a.digits, a.distinctWeights, a.weightDigits) < (b.components, b.digits, b.distinctWeights, b.weightDigits)
    }

    public var description: String {
        "\(components) components, \(digits) digits, \(distinctWeights) distinct weights, \(weightDigits) weight digits"
    }
}
