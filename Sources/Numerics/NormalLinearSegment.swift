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
/// The cancellation in `M1` costs at most a factor `c²` (2e-13 relative at c = 40).
public struct NormalLinearSegment: Sendable, Equatable {
    /// `log mass`; `-∞` when ℓ vanishes on the interval.
    public var logMass: Double
    /// The mean of `u` under the law ∝ `ℓ(u) φ(u)` on `[lo, hi]`.
    public var meanU: Double

    public init(lo: Double, hi: Double, vLo: Double, vHi: Double) {
        precondition(lo < hi && vLo >= 0 && vHi >= 0, "NormalLinearSegment needs lo < hi and nonnegative end values")
        if hi <= 0 {
            let mirrored = NormalLinearSegment(lo: -hi, hi: -lo, vLo: vHi, vHi: vLo)
            self.init(logMass: mirrored.logMass, meanU: -mirrored.meanU)
            return
        }
        let delta = hi - lo
        let slope = (vHi - vLo) / delta
        if lo >= 0 {
            let c = lo
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
            let e = exp(-exponent)
            let m0 = Normal.millsRatio(c) - e * Normal.millsRatio(hi)
            let m1 = 1 - e - c * m0
            let scaledMass = (vLo * (delta * m0 - m1) + vHi * m1) / delta
            let scaledFirstMoment = vLo - vHi * e + slope * m0
            self.init(logMass: Normal.logDensity(c) + log(scaledMass), meanU: scaledFirstMoment / scaledMass)
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
