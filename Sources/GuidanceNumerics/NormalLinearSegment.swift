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
/// Evaluation, the left tail (`hi ≤ 0`) by reflection `u → -u` (so mirrored segments agree to the
/// bit), then with `h = Δ/2` and the midpoint `b = lo + h`:
/// - short intervals (`h ≤ ½` and `|b|·h ≤ 1`, which covers every interval of width ≤ 1 across 0
///   and every `Δ·|u| ≲ 2` in a tail): the midpoint series of `shortSeries`, relative to `φ(b)`,
///   all polynomial (no exp, no erf), so nothing underflows and nothing cancels however small Δ is;
/// - a constant piece otherwise: `wideConstant` (eight lanes; the Mills ratio by polynomials,
///   no erf or erfc), in the tail `mass = φ(c)·M0`, `M0 = R(c) - E·R(hi)`, `E = φ(hi)/φ(lo)`,
///   and across 0 `1 - Q(-lo) - Q(hi)`;
/// - a sloped piece in the right tail (`lo ≥ 0`), with `c = lo`,
///   `E = exp(-cΔ - Δ²/2)` (here `cΔ + Δ²/2 = 2bh > ½`) and the Mills ratio R:
///   `M0 = ∫_0^Δ e^{-cv-v²/2} dv = R(c) - E·R(hi)`, `M1 = ∫_0^Δ v e^{-cv-v²/2} dv = 1 - E - c·M0`,
///   `mass/φ(c) = [vLo(Δ·M0 - M1) + vHi·M1]/Δ`, and, integrating `u ℓ φ` by parts,
///   `∫ u ℓ φ / φ(c) = vLo - vHi·E + (vHi - vLo)·M0/Δ`;
/// - a sloped piece across 0 with `Δ > 1`: `Φ(hi) - Φ(lo)` through erf of each side (both
///   positive) and no scaling.
/// For a sloped piece the cancellation in `M1` costs at most a factor `c²`, so it is used for
/// `c < 100` only (1e-12 relative); beyond, `M0` and `M1` come from their asymptotic series in
/// `1/c²` when `cΔ ≥ 60` and from composite Gauss–Legendre in `r = c v` otherwise. Relative
/// accuracy 1e-12 for `|lo|, |hi|` up to 1e15 and widths down to 1e-12 (and below: the short
/// branch has no cancellation), checked against quadrature in `NormalLinearSegmentTests`.
public struct NormalLinearSegment: Sendable, Equatable {
    /// `log mass`; `-∞` when ℓ vanishes on the interval.
    public var logMass: Double
    /// The mean of `u` under the law ∝ `ℓ(u) φ(u)` on `[lo, hi]`.
    public var meanU: Double

    /// The segment `[lo, hi]`.
    ///
    /// Both initialisers are `package`, not `public`: their precondition (finite `lo`, width > 0,
    /// end values ≥ 0) is a programmer error that no input reaches. The package's callers ensure
    /// it: `PiecewiseLinearDensity` refuses unresolved or underflowing segments when a spec is
    /// built or noised (typed `ModelError`s, `ResolutionAndLimitsTests`) and returns density 0 for
    /// a point whose `lo` is not finite; `Normal.logCDFDifference` checks its ends first.
    package init(lo: Double, hi: Double, vLo: Double, vHi: Double) {
        self.init(lo: lo, width: hi - lo, vLo: vLo, vHi: vHi)
    }

    /// The segment `[lo, lo + width]`, for callers that know the width without cancellation
    /// (a noised piece has `width = m(b - a)/s` exactly, however far out `lo` is).
    /// `shortCoefficients`, if given, must point to `ShortSeriesCoefficients(halfWidth: width/2)`
    /// (callers that evaluate one width at many points compute them once, and pass them in place).
    package init(lo: Double, width delta: Double, vLo: Double, vHi: Double, shortCoefficients: UnsafePointer<ShortSeriesCoefficients>? = nil) {
        precondition(delta > 0 && lo.isFinite && vLo >= 0 && vHi >= 0, "NormalLinearSegment needs a finite lo, width > 0 and nonnegative end values")
        let hi = lo + delta
        if hi <= 0 {
            let mirrored = NormalLinearSegment(lo: -hi, width: delta, vLo: vHi, vHi: vLo, shortCoefficients: shortCoefficients)
            self.init(logMass: mirrored.logMass, meanU: -mirrored.meanU)
            return
        }
        let h = 0.5 * delta, b = lo + h
        if Self.isShort(centre: b, halfWidth: h) {
            let (average, meanU) = Self.shortSeries(centre: b, halfWidth: h, vLo: vLo, vHi: vHi, coefficients: shortCoefficients)
            // mass = Δ·φ(b)·average; Δ·average underflows only for Δ below 1e-307.
            let scaled = delta * average
            let logScaled = scaled >= .leastNormalMagnitude || average == 0 ? log(scaled) : log(delta) + log(average)
            self.init(logMass: Normal.logDensity(b) + logScaled, meanU: meanU)
            return
        }
        if vLo == vHi {
            let (logScale, scale, meanU) = Self.wideConstant(lo: SegmentLanes(repeating: lo), width: delta)
            self.init(logMass: logScale[0] + log(vLo * scale[0]), meanU: meanU[0])
            return
        }
        if lo >= 0 {
            self.init(tailFrom: lo, width: delta, vLo: vLo, vHi: vHi)
            return
        }
        // lo < 0 < hi and Δ > 1 (a shorter interval across 0 is short).
        let slope = (vHi - vLo) / delta
        let a0 = Normal.centralCDFDifference(lo, hi)
        let phiLo = Normal.density(lo), phiHi = Normal.density(hi)
        let a1 = phiLo - phiHi - lo * a0  // ∫ (u - lo) φ
        let b1 = hi * a0 - (phiLo - phiHi)  // ∫ (hi - u) φ
        let mass = (vLo * b1 + vHi * a1) / delta
        let firstMoment = vLo * phiLo - vHi * phiHi + slope * a0
        self.init(logMass: log(mass), meanU: firstMoment / mass)
    }

    /// Whether `[b - h, b + h]` takes the short branch (`shortSeries`): `h ≤ ½` and `(bh)² ≤ 1`.
    @inlinable
    public static func isShort(centre b: Double, halfWidth h: Double) -> Bool {
        h <= 0.5 && (b * h) * (b * h) <= 1
    }

    /// `isShort` lane by lane.
    @inlinable @inline(__always)
    public static func isShort(centres b: SegmentLanes, halfWidth h: Double) -> SIMDMask<SegmentLanes.MaskStorage> {
        let y = b * h
        return h <= 0.5 ? y * y .<= 1 : SIMDMask(repeating: false)
    }

    /// A constant piece, `ℓ ≡ 1`, on `[lo_i, lo_i + Δ]` in eight lanes where `isShort` fails
    /// (other lanes get finite numbers to ignore): `mass = e^{logScale}·scale` with `scale` in
    /// `[1, 2)` and `meanU`, without erf, erfc or log. A lane with `hi ≤ 0` is reflected
    /// (`c = -hi`, `meanU` negated); then, with `c` the lower end and `c + Δ` the upper:
    /// - tail (`c ≥ 0`; here `cΔ + Δ²/2 > ½`): `E = e^{-cΔ - Δ²/2}`, `M0 = R(c) - E·R(c + Δ)`,
    ///   `mass = φ(c)·M0`, `meanU = (1 - E)/M0` (cancellation at most `(1 + E)/(1 - E) < 4.1`);
    /// - across 0 (`c < 0`, then `Δ > 1`): `mass = 1 - φ(c)R(-c) - φ(c + Δ)R(c + Δ)` (each
    ///   subtracted term is a tail mass below ½, and the mass is above 0.34),
    ///   `meanU = (φ(c) - φ(c + Δ))/mass`;
    /// with R = `Normal.millsRatio(lanes:)` and the exponentials `VectorExp`. The mass's binary
    /// exponent goes into `logScale` (`k·ln 2`, exact bit arithmetic), which keeps `scale` in
    /// `[1, 2)` however far out the lane is, so a product of factors cannot underflow. Relative
    /// accuracy: a few ulps from R and the exponentials times the cancellation bounds above, and
    /// `φ(c)` through `logScale = -c²/2 - ½ log 2π` (as every branch of this type).
    public static func wideConstant(lo: SegmentLanes, width delta: Double) -> (logScale: SegmentLanes, scale: SegmentLanes, meanU: SegmentLanes) {
        let hi = lo + delta, mirrored = hi .<= 0
        let c = lo.replacing(with: -hi, where: mirrored), upper = c + delta
        let tail = c .>= 0
        let inverseSqrt2Pi = 0.398_942_280_401_432_677_94
        let rLower = Normal.millsRatio(lanes: c.replacing(with: -c, where: .!tail)), rUpper = Normal.millsRatio(lanes: upper)
        let halfSquare = -0.5 * c * c
        let first = VectorExp.exp(halfSquare.replacing(with: -(c * delta + 0.5 * delta * delta), where: tail))
        var logScale = (halfSquare - Normal.logSqrt2Pi).replacing(with: 0, where: .!tail)
        var scale = rLower - first * rUpper
        var meanU = (1 - first) / scale
        if !allLanes(tail) {
            let second = VectorExp.exp(-0.5 * upper * upper)
            let mass = 1 - (first * rLower + second * rUpper) * inverseSqrt2Pi
            scale.replace(with: mass, where: .!tail)
            meanU.replace(with: (first - second) * inverseSqrt2Pi / mass, where: .!tail)
        }
        // scale = f·2^k with f in [1, 2): k·ln 2 to logScale (normal positive scales; others stay).
        let bits = unsafeBitCast(scale, to: SIMD8<UInt64>.self)
        let normal = (scale .>= .leastNormalMagnitude) .& (scale .< .infinity)
        let exponentBits = (bits &>> 52) | (0x4330 &<< 48)  // 2⁵² + biased exponent, as a double
        let exponent = unsafeBitCast(exponentBits, to: SegmentLanes.self) - (4_503_599_627_370_496.0 + 1023)
        let fraction = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | (1023 &<< 52), to: SegmentLanes.self)
        logScale.replace(with: logScale + exponent * 0.693_147_180_559_945_309_42, where: normal)
        scale.replace(with: fraction, where: normal)
        return (logScale, scale, meanU.replacing(with: -meanU, where: mirrored))
    }

    /// The short branch on `[b - h, b + h]` (`isShort` must hold), for callers that combine many
    /// segments in one log: `mass = 2h·φ(b)·average`, and `meanU`, where `average` lies within a
    /// factor `e^{±1.2}` of `(vLo + vHi)/2` (within `e^{-2.5}…e^{1.2}` for a sloped piece).
    /// One lane of `shortSeries(centres:…)`, so the same bits as a lane of the block form with
    /// the same `coefficients` (by default, those of h).
    public static func shortSeries(
        centre b: Double, halfWidth h: Double, vLo: Double, vHi: Double, coefficients: UnsafePointer<ShortSeriesCoefficients>? = nil
    ) -> (average: Double, meanU: Double) {
        let lanes = SegmentLanes(repeating: b)
        let (average, meanU) = coefficients.map { shortSeries(centres: lanes, halfWidth: h, vLo: vLo, vHi: vHi, coefficients: $0, count: 1) }
            ?? withUnsafePointer(to: ShortSeriesCoefficients(halfWidth: h)) {
                shortSeries(centres: lanes, halfWidth: h, vLo: vLo, vHi: vHi, coefficients: $0, count: 1)
            }
        return (average[0], meanU[0])
    }

    /// Eight segments `[b_i - h, b_i + h]` of one half-width at once (`isShort` must hold in the
    /// lanes that are used; the others carry any finite numbers and are ignored), with the
    /// half-width's `coefficients` (computed once per h: a noised density's pieces share h across
    /// all particles). Each lane is computed exactly as the scalar form would: lane results do
    /// not depend on the other lanes.
    ///
    /// With `t = u - b`, `φ(b + t) = φ(b) w(t)`, `w(t) = e^{-bt - t²/2}`, and `z = bh`, `Z = z²`,
    /// the averages over `[-h, h]` are power series in Z whose coefficients depend on h only
    /// (`ShortSeriesCoefficients`; the odd powers of t average to 0):
    /// ```
    /// S0 = avg w      = Σ_{k≥0} A_k Z^k,                     A_k = ν_k(h²)/(2k)!
    /// S1 = avg t w    = -∂S0/∂b = -h z Σ_{k≥1} 2k A_k Z^{k-1}
    /// S2 = avg t² w   = ∂²S0/∂b² = h² Σ_{k≥1} 2k(2k-1) A_k Z^{k-1}
    /// ```
    /// with `ν_k(x) = ∫_0^1 v^{2k} e^{-x v²/2} dv ∈ [e^{-1/8}, 1]/(2k+1)` for `h ≤ ½`. Every term
    /// is positive, so Horner's rule sums each series to a few ulps. With `ℓ(b + t) = α + βt`,
    /// `α = (vLo + vHi)/2`, `βh = (vHi - vLo)/2`: `average = α S0 + β S1`,
    /// `meanU = b + (α S1 + β S2)/average` (a constant piece, `β = 0`, needs no `S2`).
    ///
    /// Truncation: with K terms of `S0` (K - 1 of the others), the rest is at most, relative to
    /// each series' first term, `1.1 Z^K/(0.88 (2K+1)!)` in `S0`, `1.1·6K Z^{K-1}/(0.88 (2K+1)!)`
    /// in `S1` (both below 4.4e-16) and `2K - 1` times that in `S2` (below 1e-14; it enters
    /// `meanU` multiplied by `h²`). Each lane takes the least K in 3…10 that meets these at its Z
    /// (`ShortSeriesCoefficients.threshold`; K = 10 covers `Z ≤ 1`): the loop runs to the
    /// largest K of its four lanes (see below), and a lane whose K is smaller restarts its Horner sums at its
    /// own last term (its multiplier is 0 above it), so it gets the bits of its own sum.
    /// Cancellation is at most a factor `e^{2.5}` (`w` varies by at most `e^{1.2}` over the
    /// interval and `ℓ ≥ 0`), so `average` and `meanU - b` are accurate to a few ulps; `meanU` is
    /// `b` plus a correction of size `≤ h`. Not inlined: one call per factor and block of eight
    /// particles, which keeps the callers small. The eight lanes go as two halves of four (each
    /// to the largest K of its own four lanes), so that a half's sums stay in SSE2's sixteen
    /// registers. With `count ≤ 4` (the lanes a caller reads) the upper half is not computed: it
    /// repeats the lower one.
    @inline(never)
    public static func shortSeries(
        centres b: SegmentLanes, halfWidth h: Double, vLo: Double, vHi: Double, coefficients a: UnsafePointer<ShortSeriesCoefficients>,
        count: Int = SegmentLanes.scalarCount
    ) -> (average: SegmentLanes, meanU: SegmentLanes) {
        let low = shortSeriesHalf(centres: b.lowHalf, halfWidth: h, vLo: vLo, vHi: vHi, coefficients: a)
        let high = count <= 4 ? low : shortSeriesHalf(centres: b.highHalf, halfWidth: h, vLo: vLo, vHi: vHi, coefficients: a)
        return (SegmentLanes(lowHalf: low.average, highHalf: high.average), SegmentLanes(lowHalf: low.meanU, highHalf: high.meanU))
    }

    @inline(__always)
    private static func shortSeriesHalf(
        centres b: SIMD4<Double>, halfWidth h: Double, vLo: Double, vHi: Double, coefficients a: UnsafePointer<ShortSeriesCoefficients>
    ) -> (average: SIMD4<Double>, meanU: SIMD4<Double>) {
        let alpha = 0.5 * (vLo + vHi), betaH = 0.5 * (vHi - vLo), sloped = betaH != 0
        let z = b * h, bigZ = z * z
        let terms = ShortSeriesCoefficients.termCount(largestZ: max(max(bigZ[0], bigZ[1]), max(bigZ[2], bigZ[3])))
        // S1 = -h·z s1. A constant piece's sums carry no S2 (`sloped` is a literal in each call).
        if !sloped {
            let constant = ShortSeriesSums(bigZ: bigZ, terms: terms, sloped: false, a), average = alpha * constant.s0
            return (average, b - h * (alpha * (z * constant.s1)) / average)
        }
        let sums = ShortSeriesSums(bigZ: bigZ, terms: terms, sloped: true, a), s0 = sums.s0, s1 = sums.s1, s2 = sums.s2
        let zs1 = z * s1
        // average = α S0 + β S1 = α s0 - βh·z s1; α S1 + β S2 = h(βh s2 - α z s1).
        let average = alpha * s0 - betaH * zs1
        return (average, b + h * (betaH * s2 - alpha * zs1) / average)
    }

    /// A sloped piece in the right tail, `lo = c ≥ 0`, scaled by `φ(c)`; here `cΔ + Δ²/2 > ½` (see `isShort`).
    private init(tailFrom c: Double, width delta: Double, vLo: Double, vHi: Double) {
        let e = exp(-(c * delta + 0.5 * delta * delta))
        let slope = (vHi - vLo) / delta
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

/// The lanes of `NormalLinearSegment`'s block forms and `Normal.millsRatio(lanes:)`: eight
/// segments (four SSE2 registers on baseline x86-64), one per particle of a sampler block.
public typealias SegmentLanes = SIMD8<Double>

/// The coefficients of `NormalLinearSegment.shortSeries` for one half-width `h ≤ ½`: with
/// `x = h²` and `ν_k = ∫_0^1 v^{2k} e^{-x v²/2} dv`, `A_k = ν_k/(2k)!` (`values[k]`, k = 0…9), and
/// `2k A_k` and `2k(2k-1) A_k` (`values[10 + k]`, `values[20 + k]`, k ≥ 1) for `S1` and `S2`.
///
/// `ν_k` by the downward recurrence `ν_k = (e^{-x/2} + x ν_{k+1})/(2k+1)` (integration by parts),
/// started at k = 16 from `ν_16 ≈ e^{-x/2}/33` (off by at most `(1 - e^{-1/8})/33 < 4e-3`): each
/// step down multiplies the starting error by `x/(2k+1) ≤ 1/132`, so at k = 9 it is below 1e-17
/// relative, and the recurrence adds only positive terms (a few ulps).
public struct ShortSeriesCoefficients: Sendable {
    let values: InlineArray<30, Double>

    /// The 30 coefficients in order (`A_k`, then `2k A_k`, then `2k(2k-1) A_k`), for a copy of
    /// the short series outside this module (the CUDA kernels' tables, `KernelTables`).
    public var coefficients: [Double] { (0..<30).map { values[$0] } }

    public init(halfWidth h: Double) {
        var values = InlineArray<30, Double>(repeating: 0)
        let x = h * h, e = exp(-0.5 * x)
        var nu = e / 33
        let reciprocalOdd = Self.reciprocalOdd, reciprocalFactorial = Self.reciprocalFactorial
        for k in stride(from: 15, through: 0, by: -1) {
            nu = (e + x * nu) * reciprocalOdd[k]
            guard k < 10 else { continue }
            let a = nu * reciprocalFactorial[k]
            values[k] = a
            values[10 + k] = Double(2 * k) * a
            values[20 + k] = Double(2 * k * (2 * k - 1)) * a
        }
        self.values = values
    }

    /// `1/(2k + 1)`, k = 0…15, and `1/(2k)!`, k = 0…9, each rounded once (so each coefficient
    /// is a few ulps from exact, as with divisions, at a fraction of their cost: the claims build
    /// a noised density, and these, at every time their flow maps visit).
    private static let reciprocalOdd: InlineArray<16, Double> = [
        1, 1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23, 1.0 / 25, 1.0 / 27,
        1.0 / 29, 1.0 / 31,
    ]
    private static let reciprocalFactorial: InlineArray<10, Double> = [
        1, 1.0 / 2, 1.0 / 24, 1.0 / 720, 1.0 / 40320, 1.0 / 3_628_800, 1.0 / 479_001_600, 1.0 / 87_178_291_200,
        1.0 / 20_922_789_888_000, 1.0 / 6_402_373_705_728_000,
    ]

    /// `T_K` (K = 3…9): a lane takes K terms when `T_{K-1} < Z ≤ T_K` (K = 3 up to `T_3`,
    /// K = 10 above `T_9`), the least K that meets the truncation bounds of
    /// `NormalLinearSegment.shortSeries` (each bound solved for Z and rounded down).
    @inline(__always)
    static func threshold(_ terms: Int) -> Double {
        switch terms {
        case 3: return 3e-7
        case 4: return 1.7e-4
        case 5: return 4.6e-3
        case 6: return 0.036
        case 7: return 0.149
        case 8: return 0.427
        case 9: return 0.971
        default: return terms < 3 ? -.infinity : .infinity  // terms 0…2 in every lane; there is no term 10
        }
    }

    /// The terms the lane with the largest `Z = (bh)²` takes (3…10).
    @inline(__always)
    static func termCount(largestZ: Double) -> Int {
        // The thresholds increase, so this counts those below Z (no branches).
        var terms = 3
        for k in 3...9 { terms &+= largestZ > threshold(k) ? 1 : 0 }
        return terms
    }
}

/// The Horner sums of `NormalLinearSegment.shortSeries` over four lanes: `s0 = Σ A_k Z^k`,
/// `s1 = Σ_{k≥1} 2k A_k Z^{k-1}`, `s2 = Σ_{k≥1} 2k(2k-1) A_k Z^{k-1}` (only when `sloped`), each
/// lane to its own number of terms.
struct ShortSeriesSums {
    var s0: SIMD4<Double>, s1: SIMD4<Double>, s2: SIMD4<Double>

    /// Term by term from k = `terms - 1` (which sets the sums) down to 0: the sums so far are
    /// multiplied by Z in the lanes that take term k + 1 (`Z > T_{k+1}`) and by 0 in the others
    /// (which so restart at their own last term, from finite sums), then term k is added.
    @inline(__always)
    init(bigZ: SIMD4<Double>, terms: Int, sloped: Bool, _ a: UnsafePointer<ShortSeriesCoefficients>) {
        let c = UnsafeRawPointer(a).assumingMemoryBound(to: Double.self)  // `values`, in place
        var k = terms &- 1
        (s0, s1, s2) = (SIMD4(repeating: c[k]), SIMD4(repeating: c[10 &+ k]), SIMD4(repeating: sloped ? c[20 &+ k] : 0))
        k &-= 1
        while k >= 0 {
            let multiplier = k &+ 1 < 3 ? bigZ : bigZ.replacing(with: 0, where: bigZ .<= ShortSeriesCoefficients.threshold(k &+ 1))
            s0 = s0 * multiplier + c[k]
            if k > 0 {
                s1 = s1 * multiplier + c[10 &+ k]
                if sloped { s2 = s2 * multiplier + c[20 &+ k] }
            }
            k &-= 1
        }
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
