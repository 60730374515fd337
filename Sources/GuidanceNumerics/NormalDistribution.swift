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
    /// asymptotic series where `erfc` underflows); 0 at +∞ and -∞ at -∞, which GSL does not take.
    public static func logCDF(_ x: Double) -> Double {
        if x.isInfinite { return x > 0 ? 0 : -.infinity }
        GSL.disableAbortHandler()
        return gsl_sf_log_erfc(-x * 0.707_106_781_186_547_524_40) - 0.693_147_180_559_945_309_42
    }

    /// `log Q(x) = log Φ(-x)`.
    public static func logSurvival(_ x: Double) -> Double { logCDF(-x) }

    /// `Φ^{-1}(p)` for `0 < p < 1`; `±∞` at the ends.
    public static func quantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// The Mills ratio `R(z) = Q(z)/φ(z)`: `millsRatio(lanes:)` for `z ≥ 0` (relative error
    /// below 3e-16), and `R(z) = 1/φ(z) - R(-z)` for `z < 0` (`Q(z) = 1 - Q(-z)`; both terms
    /// positive, the first at least `√(2π)` and the second at most `√(π/2)`, so no cancellation).
    /// Overflows to `+∞` below z ≈ -37.6.
    public static func millsRatio(_ z: Double) -> Double {
        if z >= 0 { return millsRatio(lanes: SegmentLanes(repeating: z))[0] }
        return 2.506_628_274_631_000_502_42 * exp(0.5 * z * z) - millsRatio(lanes: SegmentLanes(repeating: -z))[0]
    }

    /// The polynomial coefficients `millsRatio(lanes:)` evaluates: the 32 rows of 11 of the near
    /// pieces (`u = 8z - (2j + 1)`, constant term first), then the 11 of the far one (in
    /// `v = 64/z²`), for a copy of the evaluation outside this module (the CUDA kernels' tables).
    public static var millsRatioCoefficients: [Double] { millsRatioNear + millsRatioFar }

    /// `R(z)` lane by lane for `z ≥ 0` (NaN stays NaN, `R(+∞) = 0`), without erfc or exp: on
    /// `[j/4, (j+1)/4)`, j < 32, a degree-10 polynomial in `u = 8z - (2j + 1) ∈ [-1, 1]`; for
    /// `z ≥ 8`, `R(z) = P(64/z²)/z` with a degree-10 polynomial P (the interpolants at Chebyshev
    /// nodes, coefficients from `MillsRatioTable.py`, which checks them at 50 digits: at most
    /// 2.3e-16 relative after Horner's rule in double precision). `u` is exact; `j` comes from
    /// rounding `4z - ½` to an integer (so a lane at `z = j/4` may take piece `j - 1` at `u = 1`,
    /// which is inside that piece's closed interval). Each lane reads its own piece's
    /// coefficients, so its result does not depend on its neighbours.
    public static func millsRatio(lanes z: SegmentLanes) -> SegmentLanes {
        let near = z .< 8
        var result = SegmentLanes()
        if anyLane(near) {
            let shifter = 6_755_399_441_055_744.0  // 1.5·2⁵²: adding it rounds to an integer
            let scaled = 4 * z.replacing(with: 0, where: .!near)
            let rounded = (scaled - 0.5) + shifter
            // j, masked to 0…31 so no lane can index outside the table (z < 0 is outside the domain).
            let piece = (unsafeBitCast(rounded, to: SIMD8<UInt64>.self) &- shifter.bitPattern) & 31
            let u = 2 * scaled - (2 * (rounded - shifter) + 1)
            let row = 11
            millsRatioNear.withUnsafeBufferPointer { table in
                let t = table.baseAddress!
                let r0 = t + Int(truncatingIfNeeded: piece[0]) &* row, r1 = t + Int(truncatingIfNeeded: piece[1]) &* row
                let r2 = t + Int(truncatingIfNeeded: piece[2]) &* row, r3 = t + Int(truncatingIfNeeded: piece[3]) &* row
                let r4 = t + Int(truncatingIfNeeded: piece[4]) &* row, r5 = t + Int(truncatingIfNeeded: piece[5]) &* row
                let r6 = t + Int(truncatingIfNeeded: piece[6]) &* row, r7 = t + Int(truncatingIfNeeded: piece[7]) &* row
                @inline(__always) func coefficient(_ k: Int) -> SegmentLanes {
                    SegmentLanes(r0[k], r1[k], r2[k], r3[k], r4[k], r5[k], r6[k], r7[k])
                }
                var sum = coefficient(10)
                for k in stride(from: 9, through: 0, by: -1) { sum = sum * u + coefficient(k) }
                result = sum
            }
        }
        if !allLanes(near) {
            let inverse = 1 / z, scaledInverse = 8 * inverse, v = scaledInverse * scaledInverse
            let far = millsRatioFar.withUnsafeBufferPointer { table in
                var sum = SegmentLanes(repeating: table[10])
                for k in stride(from: 9, through: 0, by: -1) { sum = sum * v + table[k] }
                return sum * inverse
            }
            result.replace(with: far, where: .!near)
        }
        return result
    }

    /// `Φ(b) - Φ(a)` for `a ≤ b`, without cancellation (see `logCDFDifference`).
    public static func cdfDifference(_ a: Double, _ b: Double) throws(NumericsError) -> Double {
        a == b ? 0 : exp(try logCDFDifference(a, b))
    }

    /// `log(Φ(b) - Φ(a))` for `a ≤ b`, accurate (relative 1e-12) when both ends lie 40 standard
    /// deviations out and when the interval is tiny: it is the constant case of
    /// `NormalLinearSegment`, the one kernel for Gaussian masses of intervals.
    /// Throws `invalidArgument` unless `a ≤ b` and `a` is not NaN.
    public static func logCDFDifference(_ a: Double, _ b: Double) throws(NumericsError) -> Double {
        guard a <= b else { throw .invalidArgument(name: "(a, b)", value: "(\(a), \(b))", allowed: "a ≤ b, neither NaN") }
        if a == b { return -.infinity }
        if a == -.infinity { return logCDF(b) }
        if b == .infinity { return logSurvival(a) }
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
