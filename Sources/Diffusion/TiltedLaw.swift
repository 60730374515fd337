import Foundation
import GuidanceNumerics

/// The tilted law that guidance was believed to sample (Properties/README.md §1), in one dimension:
/// ```
/// p^{c,w}(x) = p(x) p(c|x)^{1+w} / Z = π_c p(x|c) p(c|x)^w / Z
/// ```
/// at time 0, with the normaliser, CDF and quantiles by adaptive quadrature (and Brent for
/// quantiles). On a compactly supported class the integrals run over the class's bounding
/// interval with the components' break points as QAGP break points; otherwise over the real line.
/// Relative accuracy `relativeTolerance` (1e-10 by default) on Z and the CDF.
public struct TiltedLaw: Sendable {
    public let mixture: Mixture
    public let classIndex: Int
    public let w: Double
    public let relativeTolerance: Double
    /// `log Z`.
    public private(set) var logNormaliser: Double
    /// The integration range (the class's bounding interval, or the real line).
    public let lower: Double
    public let upper: Double
    private let breakpoints: [Double]
    private var logScale: Double = 0
    /// The grid point of largest density: `cdf` integrates from the end on the far side of x
    /// from it, so the integration range never has the law's mass far from its finite end (a
    /// semi-infinite QAGI over [-∞, 60] missed the mass of N(1,1)·sigmoid(2x)⁴ and gave 0).
    private var mode: Double = 0

    public init(mixture: Mixture, classIndex c: Int, w: Double, relativeTolerance: Double = 1e-10) throws {
        guard mixture.dimension == 1 else {
            throw ModelError(field: "dimension", value: "\(mixture.dimension)", allowed: "1 (the tilted law's quadrature is one-dimensional)")
        }
        try mixture.checkClass(c)
        try ModelError.require("w", w, in: 0...1e12, "a number ≥ 0")
        self.mixture = mixture
        self.classIndex = c
        self.w = w
        self.relativeTolerance = relativeTolerance
        let components: [any Component] = mixture.classes[c].components.map { $0.component }
        lower = components.map { $0.bounds.lower[0] }.min()!
        upper = components.map { $0.bounds.upper[0] }.max()!
        var points: [Double] = []
        for cls in mixture.classes {
            for entry in cls.components {
                if let product = entry.component as? PiecewiseLinearProduct {
                    points += product.factors[0].breaks
                } else if entry.component.bounds.lower[0].isFinite {
                    points += [entry.component.bounds.lower[0], entry.component.bounds.upper[0]]
                }
            }
        }
        let (lo, hi) = (lower, upper)
        breakpoints = Array(Set(points.filter { $0 > lo && $0 < hi })).sorted()
        // Scale by the largest log-density on a grid so the integrand is O(1).
        let gridLower = lo.isFinite ? lo : -40.0
        let gridUpper = hi.isFinite ? hi : 40.0
        var top = -Double.infinity
        for i in 0...400 {
            let x = gridLower + (gridUpper - gridLower) * Double(i) / 400
            let value = TiltedLaw.logUnnormalised(mixture, c, w, x)
            if value > top { (top, mode) = (value, x) }
        }
        logScale = top.isFinite ? top : 0
        logNormaliser = 0
        let z = try integrate(from: lower, to: upper)
        guard z.value > 0 else {
            throw ModelError(field: "class", value: "\(c)", allowed: "a class whose tilted law has positive mass")
        }
        logNormaliser = log(z.value) + logScale
    }

    /// `log[π_c p(x|c) p(c|x)^w]`, unnormalised.
    static func logUnnormalised(_ mixture: Mixture, _ c: Int, _ w: Double, _ x: Double) -> Double {
        let (logp, _) = mixture.dataPosterior([x])
        let logClass = mixture.dataLogClassDensities([x])[c] + log(mixture.classes[c].weight)
        guard logClass.isFinite else { return -.infinity }
        return logClass + w * (logClass - logp)
    }

    /// The tilted density at x.
    public func density(_ x: Double) -> Double {
        exp(TiltedLaw.logUnnormalised(mixture, classIndex, w, x) - logNormaliser)
    }

    /// `P(X ≤ x)` under the tilted law: `∫_lower^x` left of the mode, `1 - ∫_x^upper` right of it.
    public func cdf(_ x: Double) throws -> Double {
        if x <= lower { return 0 }
        if x >= upper { return 1 }
        let left = x <= mode
        let part = try (left ? integrate(from: lower, to: x) : integrate(from: x, to: upper)).value
        let mass = min(1, max(0, exp(log(max(part, 0)) + logScale - logNormaliser)))
        return left ? mass : 1 - mass
    }

    /// The q-quantile, by Brent's method on the CDF.
    public func quantile(_ q: Double) throws -> Double {
        guard q > 0, q < 1 else { throw ModelError(field: "quantile", value: "\(q)", allowed: "a number in (0, 1)") }
        let lo = lower.isFinite ? lower : -60, hi = upper.isFinite ? upper : 60
        return try BrentRoot.solve({ x in ((try? cdf(x)) ?? .nan) - q }, lower: lo, upper: hi, absoluteTolerance: 1e-12, relativeTolerance: 1e-12).value
    }

    private func integrate(from a: Double, to b: Double) throws -> Estimate {
        // The integrand is scaled by exp(-logScale); callers add logScale back.
        let (mixture, c, w, shift) = (mixture, classIndex, w, logScale)
        return try Quadrature.integrate({ x in
            exp(TiltedLaw.logUnnormalised(mixture, c, w, x) - shift)
        }, from: a, to: b, absoluteTolerance: 0, relativeTolerance: relativeTolerance,
           breakpoints: breakpoints.filter { $0 > a && $0 < b })
    }
}
