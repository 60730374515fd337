import Foundation
import Numerics

/// Everything a score query needs at one noise level `(m, s)`: each component's noised law,
/// prepared once (a Cholesky factor, say) and shared by all particles.
public struct NoisedMixture: Sendable {
    public let dimension: Int
    let logClassWeights: [Double]
    let logComponentWeights: [[Double]]
    let components: [[any NoisedComponent]]
    public let m: Double
    public let s: Double

    /// The full evaluation at x for class c, as `guidance eval` prints it.
    public func evaluate(_ x: [Double], classIndex c: Int, w: Double) throws -> MixtureEvaluation {
        guard x.count == dimension else {
            throw ModelError(field: "x", value: "\(x.count) coordinates", allowed: "\(dimension) coordinates")
        }
        guard components.indices.contains(c) else {
            throw ModelError(field: "class", value: "\(c)", allowed: "an index in 0..<\(components.count)")
        }
        let d = dimension
        var scratch = makeScratch()
        var marginal = [Double](repeating: 0, count: d)
        let logp = try x.withUnsafeBufferPointer { xp in
            try marginal.withUnsafeMutableBufferPointer { try marginalScore(xp, into: $0, scratch: &scratch) }
        }
        let classScore = Array(scratch.classScore[(c * d)..<((c + 1) * d)])
        return MixtureEvaluation(
            logDensity: logp,
            logClassDensity: scratch.logJoint[c] - logClassWeights[c],
            classPosterior: exp(scratch.logJoint[c] - logp),
            logClassPosterior: scratch.logJoint[c] - logp,
            score: marginal,
            classScore: classScore,
            guidedScore: (0..<d).map { (1 + w) * classScore[$0] - w * marginal[$0] })
    }

    /// The guided score `g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)
    /// = ∇log p_t(x|c) + w ∇log p_t(c|x)`, written into `out`.
    /// `scratch` must come from `makeScratch()`; one per thread.
    @inline(__always)
    public func guidedScore(
        _ x: UnsafeBufferPointer<Double>, classIndex c: Int, w: Double,
        into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws {
        _ = try marginalScore(x, into: out, scratch: &scratch)
        for i in 0..<dimension { out[i] = (1 + w) * scratch.classScore[c * dimension + i] - w * out[i] }
    }

    /// Writes `∇log p_t(x) = Σ_c p_t(c|x) ∇log p_t(x|c)` into `out`, leaves each class's
    /// `log π_c p_t(x|c)` and score in `scratch`, and returns `log p_t(x)`.
    @inline(__always)
    public func marginalScore(
        _ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws -> Double {
        let d = dimension
        let logp = try classScores(x, scratch: &scratch)
        for i in 0..<d { out[i] = 0 }
        for k in 0..<components.count {
            let post = exp(scratch.logJoint[k] - logp)
            for i in 0..<d { out[i] += post * scratch.classScore[k * d + i] }
        }
        return logp
    }

    /// `log p_t(c|x)` for class c, with the class scores left in `scratch`.
    public func logClassPosterior(_ x: UnsafeBufferPointer<Double>, classIndex c: Int, scratch: inout ScoreScratch) throws -> Double {
        let logp = try classScores(x, scratch: &scratch)
        return scratch.logJoint[c] - logp
    }

    public func makeScratch() -> ScoreScratch { ScoreScratch(classes: components.count, dimension: dimension) }

    /// Fills `scratch.logJoint[c] = log π_c + log p_t(x|c)` and `scratch.classScore[c]`, each class
    /// score a running log-sum-exp-weighted average of its components' scores; returns `log p_t(x)`.
    @inline(__always)
    func classScores(_ x: UnsafeBufferPointer<Double>, scratch: inout ScoreScratch) throws -> Double {
        let d = dimension
        for i in 0..<d where !x[i].isFinite {
            throw ModelError(field: "x", value: "\(Array(x))", allowed: "finite coordinates (a sampler that diverges stops here)")
        }
        var logp = -Double.infinity
        for c in 0..<components.count {
            var top = -Double.infinity, sum = 0.0
            let acc = c * d
            for i in 0..<d { scratch.classScore[acc + i] = 0 }
            for k in 0..<components[c].count {
                let l = try scratch.component.withUnsafeMutableBufferPointer { g in
                    try components[c][k].evaluate(x, score: g)
                } + logComponentWeights[c][k]
                if l > top {
                    let rescale = exp(top - l)
                    sum *= rescale
                    for i in 0..<d { scratch.classScore[acc + i] *= rescale }
                    top = l
                }
                let weight = exp(l - top)
                sum += weight
                for i in 0..<d { scratch.classScore[acc + i] += weight * scratch.component[i] }
            }
            for i in 0..<d { scratch.classScore[acc + i] /= sum }
            let joint = logClassWeights[c] + top + log(sum)
            scratch.logJoint[c] = joint
            logp = logAddExp(logp, joint)
        }
        guard logp.isFinite else {
            throw ModelError(field: "x", value: "\(Array(x))", allowed: "a point where p_t(x) > 0 in double precision")
        }
        return logp
    }
}

/// Per-thread working memory for score queries: no allocation per particle.
public struct ScoreScratch: Sendable {
    var component: [Double]
    var classScore: [Double]
    var logJoint: [Double]

    init(classes: Int, dimension: Int) {
        component = [Double](repeating: 0, count: dimension)
        classScore = [Double](repeating: 0, count: classes * dimension)
        logJoint = [Double](repeating: 0, count: classes)
    }
}

/// The numbers `guidance eval` reports at one point.
public struct MixtureEvaluation: Sendable, Codable, Equatable {
    public var logDensity: Double
    public var logClassDensity: Double
    public var classPosterior: Double
    public var logClassPosterior: Double
    public var score: [Double]
    public var classScore: [Double]
    public var guidedScore: [Double]
}

@inline(__always)
func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    return max(a, b) + log1p(exp(-abs(a - b)))
}
