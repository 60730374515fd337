import Foundation
@preconcurrency import CGSL

/// The standard normal law: density `φ`, distribution function `Φ`, their logarithms, the
/// Mills ratio and the log of a difference of `Φ` values, all accurate far into the tails (GSL,
/// and the C library's erf and erfc where they are as accurate and faster).
///
/// Accuracy (checked in `NormalDistributionTests` against quadrature): relative error below
/// 1e-13 for `|x| ≤ 40`, including `logCDF(-40) ≈ -804.6` where `Φ` itself is 1e-350 and
/// underflows.
public enum Normal {
    /// `½ log(2π)`.
    public static let logSqrt2Pi = 0.918_938_533_204_672_741_78

    /// `φ(x) = exp(-x²/2)/√(2π)`.
    @inlinable public static func density(_ x: Double) -> Double { exp(logDensity(x)) }

    /// `log φ(x) = -x²/2 - ½ log 2π`.
    @inlinable public static func logDensity(_ x: Double) -> Double { -0.5 * x * x - logSqrt2Pi }

    /// `Φ(x) = P(Z ≤ x)`.
    public static func cdf(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// `Q(x) = 1 - Φ(x) = Φ(-x)`, without cancellation for large x.
    public static func survival(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }

    /// `log Φ(x) = log erfc(-x/√2) - log 2`, accurate for all x (GSL's `log_erfc` uses an
    /// asymptotic series where `erfc` underflows).
    public static func logCDF(_ x: Double) -> Double {
        GSL.disableAbortHandler()
        return gsl_sf_log_erfc(-x * 0.707_106_781_186_547_524_40) - 0.693_147_180_559_945_309_42
    }

    /// `log Q(x) = log Φ(-x)`.
    public static func logSurvival(_ x: Double) -> Double { logCDF(-x) }

    /// `Φ^{-1}(p)` for `0 < p < 1`; `±∞` at the ends.
    public static func quantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// The Mills ratio `R(z) = Q(z)/φ(z)`: for `z < 26`, `√(π/2)·erfc(z/√2)·e^{z²/2}` with the
    /// C library's erfc (glibc: a few ulps) — relative error about `z²ε` (the rounding of `z/√2`
    /// and `z²/2`), 1e-13 at z = 26, as GSL's hazard function, which takes the same route, and
    /// five times faster; for `z ≥ 26` the asymptotic series
    /// `R(z) = z⁻¹ Σ_{k=0}^{8} (-1)^k (2k-1)!!/z^{2k}`, whose error is below the first omitted
    /// term, `17!!·3·5…/z¹⁹ < 1e-18` relative. Overflows to `+∞` below z ≈ -38.
    public static func millsRatio(_ z: Double) -> Double {
        if z >= 26 {
            let r = 1 / (z * z)
            let tail = 105 + r * (-945 + r * (10395 + r * (-135_135 + r * 2_027_025)))
            return (1 + r * (-1 + r * (3 + r * (-15 + r * tail)))) / z
        }
        return 1.253_314_137_315_500_251_21 * erfc(z * 0.707_106_781_186_547_524_40) * exp(0.5 * z * z)
    }

    /// `Φ(b) - Φ(a)` for `a ≤ b`, without cancellation (see `logCDFDifference`).
    public static func cdfDifference(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : exp(logCDFDifference(a, b))
    }

    /// `log(Φ(b) - Φ(a))` for `a ≤ b`, accurate (relative 1e-12) when both ends lie 40 standard
    /// deviations out and when the interval is tiny: it is the constant case of
    /// `NormalLinearSegment`, the one kernel for Gaussian masses of intervals.
    public static func logCDFDifference(_ a: Double, _ b: Double) -> Double {
        precondition(a <= b, "logCDFDifference needs a ≤ b")
        if a == b { return -.infinity }
        return NormalLinearSegment(lo: a, hi: b, vLo: 1, vHi: 1).logMass
    }

    /// `Φ(b) - Φ(a)` straddling 0 (`a < 0 < b`), through the C library's erf (glibc: 1 ulp): both
    /// terms positive.
    static func centralCDFDifference(_ a: Double, _ b: Double) -> Double {
        let r = 0.707_106_781_186_547_524_40
        return 0.5 * (erf(b * r) + erf(-a * r))
    }

    /// `log(1 - exp(x))` for `x ≤ 0`, by Mächler's rule (log1p vs. log(-expm1) at -ln 2).
    @inlinable public static func log1mexp(_ x: Double) -> Double {
        x > -0.693_147_180_559_945_309_42 ? log(-expm1(x)) : log1p(-exp(x))
    }
}
