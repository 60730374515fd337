import Foundation
@preconcurrency import CGSL

/// The Gaussian integral of a nonnegative linear function over an interval:
///
/// ```
/// mass  = ∫_lo^hi ℓ(u) φ(u) du,      ℓ(u) = [vLo·(hi - u) + vHi·(u - lo)] / (hi - lo)
/// meanU = ∫_lo^hi u ℓ(u) φ(u) du / mass
/// ```
///
/// This is the one kernel behind every closed-form noised density of a compactly supported
/// component: with `u = (x - m y)/s`, a piece of a piecewise-linear density on `[a, b]` noised to
/// `(m, s)` contributes `mass/m` to `p_t(x)` (with `lo = (x - m b)/s`, `hi = (x - m a)/s`, the
/// end values swapped accordingly), and `-meanU/s` is its score. A constant piece is `vLo = vHi`.
///
/// Evaluation, everything scaled by `φ(u₀)` at the point `u₀` of the interval nearest 0 so that
/// nothing underflows 40 standard deviations out:
/// - short intervals (`Δ·(|u₀| + Δ/2) < 1` in a tail, `Δ < 1` across 0): 20-point Gauss–Legendre,
///   exact to rounding since the integrand is entire and varies by less than a factor e;
/// - in a tail (`lo ≥ 0`, the left tail by reflection `u → -u`), with `c = lo`,
///   `E = φ(hi)/φ(lo) = exp(-cΔ - Δ²/2)` and the Mills ratio R:
///   `M0 = ∫_0^Δ e^{-cv-v²/2} dv = R(c) - E·R(hi)`, `M1 = ∫_0^Δ v e^{-cv-v²/2} dv = 1 - E - c·M0`,
///   `mass/φ(c) = [vLo(Δ·M0 - M1) + vHi·M1]/Δ`, and, integrating `u ℓ φ` by parts,
///   `∫ u ℓ φ / φ(c) = vLo - vHi·E + (vHi - vLo)·M0/Δ`;
/// - across 0: the same with `Φ(hi) - Φ(lo)` through erf and no scaling.
/// The cancellation in `M1` costs at most a factor `c²`, so it is used for `c < 100` only (1e-12
/// relative); beyond, `M0` and `M1` come from their asymptotic series in `1/c²` when `cΔ ≥ 60`
/// and from composite Gauss–Legendre in `r = c v` otherwise. Relative accuracy 1e-12 for
/// `|lo|, |hi|` up to 1e15, checked against quadrature in `NormalLinearSegmentTests`.
public struct NormalLinearSegment: Sendable, Equatable {
    /// `log mass`; `-∞` when ℓ vanishes on the interval.
    public var logMass: Double
    /// The mean of `u` under the law ∝ `ℓ(u) φ(u)` on `[lo, hi]`.
    public var meanU: Double

    /// The segment `[lo, hi]`.
    public init(lo: Double, hi: Double, vLo: Double, vHi: Double) {
        self.init(lo: lo, width: hi - lo, vLo: vLo, vHi: vHi)
    }

    /// The segment `[lo, lo + width]`, for callers that know the width without cancellation
    /// (a noised piece has `width = m(b - a)/s` exactly, however far out `lo` is).
    public init(lo: Double, width delta: Double, vLo: Double, vHi: Double) {
        precondition(delta > 0 && lo.isFinite && vLo >= 0 && vHi >= 0, "NormalLinearSegment needs a finite lo, width > 0 and nonnegative end values")
        let hi = lo + delta
        if hi <= 0 {
            let mirrored = NormalLinearSegment(lo: -hi, width: delta, vLo: vHi, vHi: vLo)
            self.init(logMass: mirrored.logMass, meanU: -mirrored.meanU)
            return
        }
        let slope = (vHi - vLo) / delta
        if lo >= 0 {
            self.init(tailFrom: lo, width: delta, vLo: vLo, vHi: vHi)
            return
        }
        // lo < 0 < hi.
        if delta < 1 {
            let (m0, m1) = GaussLegendre20.integrate(over: lo, hi) { u in
                let weight = (vLo + slope * (u - lo)) * Normal.density(u)
                return (weight, u * weight)
            }
            self.init(logMass: log(m0), meanU: m1 / m0)
            return
        }
        let a0 = Normal.centralCDFDifference(lo, hi)
        let phiLo = Normal.density(lo), phiHi = Normal.density(hi)
        let a1 = phiLo - phiHi - lo * a0  // ∫ (u - lo) φ
        let b1 = hi * a0 - (phiLo - phiHi)  // ∫ (hi - u) φ
        let mass = (vLo * b1 + vHi * a1) / delta
        let firstMoment = vLo * phiLo - vHi * phiHi + slope * a0
        self.init(logMass: log(mass), meanU: firstMoment / mass)
    }

    /// The right tail, `lo = c ≥ 0`, scaled by `φ(c)`.
    private init(tailFrom c: Double, width delta: Double, vLo: Double, vHi: Double) {
        let slope = (vHi - vLo) / delta
        let exponent = c * delta + 0.5 * delta * delta
        if exponent < 1 {
            // ∫_0^Δ ℓ(c+v) e^{-cv-v²/2} dv and ∫_0^Δ v ℓ(c+v) e^{-cv-v²/2} dv.
            let (m0, m1) = GaussLegendre20.integrate(over: 0, delta) { v in
                let weight = (vLo + slope * v) * exp(-c * v - 0.5 * v * v)
                return (weight, v * weight)
            }
            self.init(logMass: Normal.logDensity(c) + log(m0), meanU: c + m1 / m0)
            return
        }
        if c >= 100 && c * delta < 60 {
            // Far out and short: in r = c v the integrand is r-smooth on [0, cΔ] ⊂ [0, 60];
            // Gauss–Legendre on pieces of length 4 is exact to rounding.
            var m0 = 0.0, m1 = 0.0
            let pieces = Int((c * delta / 4).rounded(.up))
            for k in 0..<pieces {
                let a = Double(k) * 4 / c, b = min(delta, Double(k + 1) * 4 / c)
                let (p0, p1) = GaussLegendre20.integrate(over: a, b) { v in
                    let weight = (vLo + slope * v) * exp(-c * v - 0.5 * v * v)
                    return (weight, v * weight)
                }
                m0 += p0
                m1 += p1
            }
            self.init(logMass: Normal.logDensity(c) + log(m0), meanU: c + m1 / m0)
            return
        }
        let e = exp(-exponent)
        let m0: Double, m1: Double
        if c >= 100 {
            // cΔ ≥ 60, so E < e^{-60}: the moments of e^{-cv - v²/2} on [0, ∞) by their
            // asymptotic series, M0 = R(c), M1 = (1 - 3/c² + 15/c⁴ - 105/c⁶)/c² (next term
            // 945/c¹⁰: relative 1e-13 at c = 100), free of the cancellation in 1 - E - c·M0.
            let r = 1 / (c * c)
            m0 = Normal.millsRatio(c)
            m1 = r * (1 - r * (3 - r * (15 - 105 * r)))
        } else {
            // The cancellation in M1 costs at most c² ε ≤ 1e-12.
            m0 = Normal.millsRatio(c) - e * Normal.millsRatio(c + delta)
            m1 = 1 - e - c * m0
        }
        let scaledMass = (vLo * (delta * m0 - m1) + vHi * m1) / delta
        let scaledFirstMoment = vLo - vHi * e + slope * m0
        self.init(logMass: Normal.logDensity(c) + log(scaledMass), meanU: scaledFirstMoment / scaledMass)
    }

    private init(logMass: Double, meanU: Double) {
        self.logMass = logMass
        self.meanU = meanU
    }
}

/// The 20-point Gauss–Legendre rule, from GSL's `glfixed` table (computed once, read-only).
enum GaussLegendre20 {
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<gsl_integration_glfixed_table> = {
        GSL.disableAbortHandler()
        return gsl_integration_glfixed_table_alloc(20)!
    }()

    private static let nodesAndWeights: [(x: Double, w: Double)] = (0..<20).map { i in
        var x = 0.0, w = 0.0
        gsl_integration_glfixed_point(-1, 1, i, &x, &w, table)
        return (x, w)
    }

    /// `(∫_a^b f.0, ∫_a^b f.1)` by the 20-point rule.
    @inline(__always)
    static func integrate(over a: Double, _ b: Double, _ f: (Double) -> (Double, Double)) -> (Double, Double) {
        let half = 0.5 * (b - a), mid = 0.5 * (a + b)
        var s0 = 0.0, s1 = 0.0
        for (x, w) in nodesAndWeights {
            let (f0, f1) = f(mid + half * x)
            s0 += w * f0
            s1 += w * f1
        }
        return (half * s0, half * s1)
    }
}
