import Foundation
import GuidanceNumerics

/// A class of a mixture: its prior weight `π_c` and its components with their weights.
public struct MixtureClass: Sendable {
    public var weight: Double
    public var components: [(weight: Double, component: any Component)]

    public init(weight: Double, components: [(weight: Double, component: any Component)]) {
        self.weight = weight
        self.components = components
    }
}

/// The data law `p = Σ_c π_c p(·|c)`, each class a mixture of components (Properties/README.md §1).
///
/// Class and component weights are normalised on construction. All evaluations are in log space:
/// `log p_t(x|c) = logΣ_k [log w_k + log p_{t,k}(x)]`, `log p_t(x) = logΣ_c [log π_c + log p_t(x|c)]`.
public struct Mixture: Sendable {
    public let dimension: Int
    public let classes: [MixtureClass]

    /// Validates and normalises. Throws `ModelError` naming the field: no classes, a class with no
    /// components, non-positive or non-finite weights, or components of different dimensions.
    public init(classes: [MixtureClass]) throws {
        guard !classes.isEmpty else { throw ModelError(field: "classes", value: "[]", allowed: "at least one class") }
        for (c, cls) in classes.enumerated() {
            try ModelError.requirePositive("classes[\(c)].weight", cls.weight)
            guard !cls.components.isEmpty else {
                throw ModelError(field: "classes[\(c)].components", value: "[]", allowed: "at least one component")
            }
            for (k, entry) in cls.components.enumerated() {
                try ModelError.requirePositive("classes[\(c)].components[\(k)].weight", entry.weight)
            }
        }
        let d = classes[0].components[0].component.dimension
        for (c, cls) in classes.enumerated() {
            for (k, entry) in cls.components.enumerated() where entry.component.dimension != d {
                throw ModelError(field: "classes[\(c)].components[\(k)]", value: "dimension \(entry.component.dimension)", allowed: "dimension \(d), as the first component")
            }
        }
        let classTotal = classes.reduce(0) { $0 + $1.weight }
        guard classTotal.isFinite else {
            throw ModelError(field: "classes[].weight", value: "sum \(classTotal)", allowed: "weights whose sum is finite")
        }
        for (c, cls) in classes.enumerated() where !cls.components.reduce(0, { $0 + $1.weight }).isFinite {
            throw ModelError(field: "classes[\(c)].components[].weight", value: "sum overflows", allowed: "weights whose sum is finite")
        }
        self.dimension = d
        self.classes = classes.map { cls in
            let total = cls.components.reduce(0) { $0 + $1.weight }
            return MixtureClass(weight: cls.weight / classTotal, components: cls.components.map { ($0.weight / total, $0.component) })
        }
    }

    public var classCount: Int { classes.count }

    /// Throws `ModelError` unless `index` names a class.
    public func checkClass(_ index: Int) throws {
        guard classes.indices.contains(index) else {
            throw ModelError(field: "class", value: "\(index)", allowed: "an index in 0..<\(classes.count)")
        }
    }

    /// The mixture noised to time t of `schedule`. Throws `ModelError` for t outside the schedule.
    public func noised(at t: Double, schedule: NoiseSchedule) throws -> NoisedMixture {
        guard t.isFinite, t > 0, t <= schedule.maximumTime else {
            throw ModelError(field: "t", value: "\(t)", allowed: "a time in (0, \(schedule.maximumTime)]")
        }
        return try noised(m: schedule.m(t), s: schedule.s(t))
    }

    /// The mixture noised to signal scale m and noise scale s > 0. Throws `ModelError` naming the
    /// spec's field (`classes[c].components[k].breaks[j]`, `….upper[i]` for a box) where a piecewise
    /// segment is too narrow for this noise level (`PiecewiseLinearDensity.checkNoisedWidths`).
    public func noised(m: Double, s: Double) throws -> NoisedMixture {
        guard s > 0, m > 0 else { throw ModelError(field: "t", value: "m = \(m), s = \(s)", allowed: "a time with m > 0 and s > 0") }
        return NoisedMixture(
            dimension: dimension,
            logClassWeights: classes.map { log($0.weight) },
            logComponentWeights: classes.map { $0.components.map { log($0.weight) } },
            components: try classes.enumerated().map { c, cls in
                try cls.components.enumerated().map { k, entry in
                    do { return try entry.component.noised(m: m, s: s) } catch let error as ModelError { throw error.at("classes[\(c)].components[\(k)]") }
                }
            },
            m: m, s: s)
    }

    /// `log p(x|c)` of the data law (time 0) for every class.
    public func dataLogClassDensities(_ x: [Double]) -> [Double] {
        x.withUnsafeBufferPointer { xp in
            classes.map { cls in logSumExp(cls.components.map { log($0.weight) + $0.component.logDensity(xp) }) }
        }
    }

    /// `log p(x)` of the data law and the data class posterior `p(c|x)` (NaN where `p(x) = 0`).
    public func dataPosterior(_ x: [Double]) -> (logDensity: Double, posterior: [Double]) {
        let joint = zip(classes, dataLogClassDensities(x)).map { log($0.weight) + $1 }
        let total = logSumExp(joint)
        return (total, joint.map { total.isFinite ? exp($0 - total) : .nan })
    }

    /// Whether x lies in the support of class c (the union of its components' supports); false
    /// for a class index out of range or a point without `dimension` coordinates.
    public func classContains(_ c: Int, _ x: UnsafeBufferPointer<Double>) -> Bool {
        guard classes.indices.contains(c), x.count == dimension else { return false }
        return classes[c].components.contains { $0.component.contains(x) }
    }

    /// Draws from the class law `p(·|c)` into `x`; throws for a class out of range or an `x`
    /// without `dimension` coordinates.
    public func sample(classIndex c: Int, using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>) throws {
        try checkClass(c)
        guard x.count == dimension else {
            throw ModelError(field: "x", value: "\(x.count) coordinates", allowed: "\(dimension) coordinates")
        }
        var u = stream.nextUniform()
        for (weight, component) in classes[c].components {
            if u < weight || component.dimension == 0 {
                component.sample(using: &stream, into: x)
                return
            }
            u -= weight
        }
        classes[c].components.last!.component.sample(using: &stream, into: x)
    }
}
