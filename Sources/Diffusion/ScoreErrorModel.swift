import Foundation
import GuidanceNumerics

/// A documented family of score errors for [G1] Theorem 3 (Properties/README.md G1.4).
///
/// The error field is `e(t, x) = ε · v · b(x) · a(t)` with a direction `v`, a profile `b` and a
/// time scaling `a`:
/// - `constant`: `b ≡ 1`, a constant offset; its size is `ε|v|` in every norm;
/// - `bump`: `b(x) = exp(-|x - x₀|²/(2r²))`, localised at `x₀`, which the claims place where `p_t`
///   is small (the tails guidance drives samples into): small in `L2(p_t)`, large where it counts;
/// - `slab`: `b(x) = exp(-(u·(x - x₀))²/(2r²))` with `u = v/|v|`, the bump across the error's own
///   direction and constant along the others: in d ≥ 2 it covers a whole face of a support, the
///   tail guidance drives every sample into (in 1-D it is the bump).
///
/// and `a ≡ 1` (`absolute`) or `a = 1/s(t)²` (`inverseVariance`: the error keeps its size
/// relative to the exact score, which grows like `dist/s²` outside the support; a fixed-size error
/// is overpowered by that pull as t → 0, see claim G1.4).
///
/// The error enters one of the two learned scores: `conditional` replaces `∇log p_t(x|c)` by
/// `∇log p_t(x|c) + e`, so the guided score gains `(1 + w) e`; `unconditional` replaces
/// `∇log p_t(x)` by `∇log p_t(x) + e`, so it gains `-w e`. Either way the error is amplified by w.
public struct ScoreErrorModel: Sendable, Codable, Equatable {
    public enum Profile: Sendable, Codable, Equatable {
        case constant
        case bump(center: [Double], width: Double)
        case slab(center: [Double], width: Double)
    }

    public enum Target: String, Sendable, Codable, Equatable {
        case conditional, unconditional
    }

    public enum Scaling: String, Sendable, Codable, Equatable {
        case absolute, inverseVariance
    }

    public var level: Double
    public var direction: [Double]
    public var profile: Profile
    public var target: Target
    public var scaling: Scaling

    public init(level: Double, direction: [Double], profile: Profile, target: Target = .conditional, scaling: Scaling = .absolute) throws {
        try ModelError.require("level", level, in: 0...1e6, "a number in [0, 1e6]")
        guard !direction.isEmpty, direction.allSatisfy(\.isFinite) else {
            throw ModelError(field: "direction", value: "\(direction)", allowed: "finite numbers, one per coordinate")
        }
        switch profile {
        case .constant: break
        case let .bump(center, width), let .slab(center, width):
            guard center.count == direction.count, center.allSatisfy(\.isFinite) else {
                throw ModelError(field: "center", value: "\(center)", allowed: "\(direction.count) finite numbers")
            }
            try ModelError.requirePositive("width", width)
        }
        if case .slab = profile, !direction.contains(where: { $0 != 0 }) {
            throw ModelError(field: "direction", value: "\(direction)", allowed: "a nonzero vector (a slab lies across it)")
        }
        self.level = level
        self.direction = direction
        self.profile = profile
        self.target = target
        self.scaling = scaling
    }

    /// `b(x)`.
    @inline(__always)
    func profileValue(_ x: UnsafeBufferPointer<Double>) -> Double {
        switch profile {
        case .constant: return 1
        case let .bump(center, width):
            var r2 = 0.0
            for i in 0..<center.count { r2 += (x[i] - center[i]) * (x[i] - center[i]) }
            return exp(-0.5 * r2 / (width * width))
        case let .slab(center, width):
            var along = 0.0, norm2 = 0.0
            for i in 0..<center.count {
                along += (x[i] - center[i]) * direction[i]
                norm2 += direction[i] * direction[i]
            }
            return exp(-0.5 * along * along / (norm2 * width * width))
        }
    }

    /// `a(t)` at noise scale s.
    @inline(__always)
    func timeScale(s: Double) -> Double { scaling == .absolute ? 1 : 1 / (s * s) }

    /// Adds the error's contribution to the guided score `out` at guidance w and noise scale s.
    @inline(__always)
    public func perturbGuidedScore(_ x: UnsafeBufferPointer<Double>, w: Double, s: Double, _ out: UnsafeMutableBufferPointer<Double>) {
        let amplification = target == .conditional ? 1 + w : -w
        let scale = amplification * level * profileValue(x) * timeScale(s: s)
        for i in 0..<direction.count { out[i] += scale * direction[i] }
    }

    /// `‖e(t, ·)‖_{L2(p_t)} = (∫ |e(t, x)|² p_t(x) dx)^{1/2}` in one or two dimensions, by QAGI
    /// quadrature (iterated in 2-D: the inner integral over x₁ at relative tolerance 1e-9, the
    /// outer over x₂ at 1e-8; the error reported is the outer estimate plus 1e-9 of the value for
    /// the inner ones). `p_t` is the law the learned score is trained under: `p_t(·|c)` for a
    /// conditional error, `p_t` for an unconditional one.
    public func l2Norm(mixture: Mixture, classIndex c: Int, at t: Double, schedule: NoiseSchedule) throws -> Estimate {
        let d = mixture.dimension
        guard d <= 2 else {
            throw ModelError(field: "dimension", value: "\(d)", allowed: "1 or 2 (the quadrature norm is iterated over the coordinates)")
        }
        let noised = try mixture.noised(at: t, schedule: schedule)
        var scratch = noised.makeScratch()
        var failure: Error?
        let a = timeScale(s: noised.s)
        let v2 = direction.reduce(0) { $0 + $1 * $1 } * level * level * a * a
        var point = [Double](repeating: 0, count: d), gradient = [Double](repeating: 0, count: d)
        /// `|e(t, x)|² p_t(x)` at `point`.
        func integrand() -> Double {
            do {
                let logp = try point.withUnsafeBufferPointer { x in
                    try gradient.withUnsafeMutableBufferPointer { try noised.marginalScore(x, into: $0, scratch: &scratch) }
                }
                let logLaw = target == .conditional ? scratch.logJoint[c] - log(mixture.classes[c].weight) : logp
                let b = point.withUnsafeBufferPointer { profileValue($0) }
                return v2 * b * b * exp(logLaw)
            } catch {
                failure = error
                return .nan
            }
        }
        func along(_ i: Int, relativeTolerance: Double, _ f: () throws -> Double) throws -> Estimate {
            try Quadrature.integrate({ x in
                point[i] = x
                do { return try f() } catch {
                    failure = failure ?? error
                    return .nan
                }
            }, from: -.infinity, to: .infinity, absoluteTolerance: 1e-300, relativeTolerance: relativeTolerance)
        }
        var squared: Estimate
        do {
            if d == 1 {
                squared = try along(0, relativeTolerance: 1e-8, integrand)
            } else {
                squared = try along(1, relativeTolerance: 1e-8) { try along(0, relativeTolerance: 1e-9, integrand).value }
                squared.error += 1e-9 * squared.value
            }
        } catch {
            throw failure ?? error
        }
        if let failure { throw failure }
        let value = squared.value.squareRoot()
        return Estimate(value: value, error: squared.error / (2 * max(value, 1e-300)))
    }
}
