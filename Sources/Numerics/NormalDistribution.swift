import Foundation
@preconcurrency import CGSL

/// The standard normal law: density `φ`, distribution function `Φ`, their logarithms, the
/// Mills ratio and the log of a difference of `Φ` values, all accurate far into the tails.
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

    /// The Mills ratio `R(z) = Q(z)/φ(z)`, through GSL's hazard function `φ/Q`, which is
    /// accurate for all z (for large z, `R(z) ≈ 1/z - 1/z³`).
    public static func millsRatio(_ z: Double) -> Double {
        GSL.disableAbortHandler()
        return 1 / gsl_sf_hazard(z)
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

    /// `Φ(b) - Φ(a)` straddling 0 (`a < 0 < b`), through erf: both terms positive.
    static func centralCDFDifference(_ a: Double, _ b: Double) -> Double {
        let r = 0.707_106_781_186_547_524_40
        return 0.5 * (gsl_sf_erf(b * r) + gsl_sf_erf(-a * r))
    }

    /// `log(1 - exp(x))` for `x ≤ 0`, by Mächler's rule (log1p vs. log(-expm1) at -ln 2).
    @inlinable public static func log1mexp(_ x: Double) -> Double {
        x > -0.693_147_180_559_945_309_42 ? log(-expm1(x)) : log1p(-exp(x))
    }
}
