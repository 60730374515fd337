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
/// - in the right tail (`lo ≥ 0`), with `c = lo`,
///   `E = φ(hi)/φ(lo) = exp(-cΔ - Δ²/2)` (here `cΔ + Δ²/2 = 2bh > ½`) and the Mills ratio R:
///   `M0 = ∫_0^Δ e^{-cv-v²/2} dv = R(c) - E·R(hi)`, `M1 = ∫_0^Δ v e^{-cv-v²/2} dv = 1 - E - c·M0`,
///   `mass/φ(c) = [vLo(Δ·M0 - M1) + vHi·M1]/Δ`, and, integrating `u ℓ φ` by parts,
///   `∫ u ℓ φ / φ(c) = vLo - vHi·E + (vHi - vLo)·M0/Δ`. A constant piece needs only
///   `M0` (mass `v·M0·φ(c)`, `meanU = (1 - E)/M0`), which loses at most a factor
///   `(1 + E)/(1 - E) < 4.1` to cancellation, for every c;
/// - across 0 with `Δ > 1`: `Φ(hi) - Φ(lo)` through erf of each side (both positive) and no
///   scaling.
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
        let h = 0.5 * delta, b = lo + h
        if Self.isShort(centre: b, halfWidth: h) {
            let (average, meanU) = Self.shortSeries(centre: b, halfWidth: h, vLo: vLo, vHi: vHi)
            // mass = Δ·φ(b)·average; Δ·average underflows only for Δ below 1e-307.
            let scaled = delta * average
            let logScaled = scaled >= .leastNormalMagnitude || average == 0 ? log(scaled) : log(delta) + log(average)
            self.init(logMass: Normal.logDensity(b) + logScaled, meanU: meanU)
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
        if vLo == vHi {
            self.init(logMass: log(vLo * a0), meanU: (phiLo - phiHi) / a0)
            return
        }
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
    public static func isShort(centres b: ShortLanes, halfWidth h: Double) -> SIMDMask<ShortLanes.MaskStorage> {
        let y = b * h
        return h <= 0.5 ? y * y .<= 1 : SIMDMask(repeating: false)
    }

    /// The short branch on `[b - h, b + h]` (`isShort` must hold), for callers that combine many
    /// segments in one log: `mass = 2h·φ(b)·average`, and `meanU`, where `average` lies within a
    /// factor `e^{±1.2}` of `(vLo + vHi)/2` (within `e^{-2.5}…e^{1.2}` for a sloped piece).
    /// One lane of `shortSeries(centres:…)`, so the same bits as a lane of the block form.
    @inlinable
    public static func shortSeries(centre b: Double, halfWidth h: Double, vLo: Double, vHi: Double) -> (average: Double, meanU: Double) {
        let (average, meanU) = shortSeries(centres: ShortLanes(repeating: b), halfWidth: h, vLo: vLo, vHi: vHi)
        return (average[0], meanU[0])
    }

    /// Four segments `[b_i - h, b_i + h]` of one half-width at once (`isShort` must hold in the
    /// lanes that are used; the others carry any finite numbers and are ignored); four lanes'
    /// numbers fit the sixteen SSE registers. Each lane is computed exactly as the scalar form
    /// would: lane results do not depend on the other lanes.
    ///
    /// With `t = u - b`, `φ(b + t) = φ(b) w(t)`, `w(t) = e^{-bt - t²/2} = Σ_k He_k(-b) t^k/k!`
    /// (the Hermite generating function), so the averages over `[-h, h]` are, with
    /// `P_n = He_n(b)·hⁿ` (`P_{n+1} = bh·P_n - n h²·P_{n-1}`, bounded since `bh ≤ 1`, `h² ≤ ¼`):
    /// ```
    /// S0 = avg w      = Σ_{j≥0} P_{2j}/(2j+1)!
    /// S1 = avg t w    = -h Σ_{j≥1} P_{2j-1}·2j/(2j+1)!          (= -∂S0/∂b)
    /// S2 = avg t² w   = h² Σ_{j≥1} P_{2j-2}·2j(2j-1)/(2j+1)!    (= ∂²S0/∂b²)
    /// ```
    /// and with `ℓ(b + t) = α + βt`, `α = (vLo + vHi)/2`, `βh = (vHi - vLo)/2`:
    /// `average = α S0 + β S1`, `meanU = b + (α S1 + β S2)/average` (a constant piece, `β = 0`,
    /// needs no `S2`). The terms fall like `(bh)^{2j}/(2j+1)!` and `(h²/2)^j/j!`; each lane's sums
    /// stop at j = 3 (`|bh| ≤ 0.02` and `h² ≤ 1e-4`), 5 (`|bh| ≤ 0.1`, `h² ≤ 0.01`), 7
    /// (`|bh| ≤ 0.3`, `h² ≤ 0.09`) or 10: truncation below 4.5e-16 relative in `S0` and `S1`, and
    /// below 1e-14 in `S2` (which enters `meanU` multiplied by `h²`), checked against 40-digit
    /// arithmetic on grids of each tier when they were chosen. Lanes past their last term keep
    /// their sums by selection, not by adding 0.
    /// Cancellation is at most a factor `e^{2.5}` (`w` varies by at most `e^{1.2}` over the
    /// interval and `ℓ ≥ 0`), so `average` and `meanU - b` are accurate to a few ulps; `meanU` is
    /// `b` plus a correction of size `≤ h`.
    @inlinable @inline(__always)
    public static func shortSeries(centres b: ShortLanes, halfWidth h: Double, vLo: Double, vHi: Double) -> (average: ShortLanes, meanU: ShortLanes) {
        let alpha = 0.5 * (vLo + vHi), betaH = 0.5 * (vHi - vLo)
        var series = ShortSeries(y: b * h, x: h * h, sloped: betaH != 0)
        // Terms j = 1…3 in every lane; 4…5 where |bh| > 0.02 or h² > 1e-4; 6…7 where
        // |bh| > 0.1 or h² > 0.01; 8…10 where |bh| > 0.3 or h² > 0.09.
        series.step(1)
        series.step(2)
        series.step(3)
        let y2 = series.y * series.y
        let past3 = series.x > 1e-4 ? SIMDMask<SIMD4<Int64>>(repeating: true) : y2 .> 4e-4
        if anyLane(past3) {
            series.step(4, where: past3)
            series.step(5, where: past3)
        }
        let past5 = series.x > 0.01 ? SIMDMask<SIMD4<Int64>>(repeating: true) : y2 .> 0.01
        if anyLane(past5) {
            series.step(6, where: past5)
            series.step(7, where: past5)
            let past7 = series.x > 0.09 ? SIMDMask<SIMD4<Int64>>(repeating: true) : y2 .> 0.09
            if anyLane(past7) {
                series.step(8, where: past7)
                series.step(9, where: past7)
                series.step(10, where: past7)
            }
        }
        if !series.sloped {
            let average = alpha * series.s0
            return (average, b + h * -(alpha * series.s1) / average)
        }
        let average = alpha * series.s0 - betaH * series.s1
        return (average, b + h * (betaH * series.s2 - alpha * series.s1) / average)
    }

    /// The right tail, `lo = c ≥ 0`, scaled by `φ(c)`; here `cΔ + Δ²/2 > ½` (see `isShort`).
    private init(tailFrom c: Double, width delta: Double, vLo: Double, vHi: Double) {
        let exponent = c * delta + 0.5 * delta * delta
        let e = exp(-exponent)
        if vLo == vHi {
            let m0 = Normal.millsRatio(c) - e * Normal.millsRatio(c + delta)
            self.init(logMass: Normal.logDensity(c) + log(vLo * m0), meanU: -expm1(-exponent) / m0)
            return
        }
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

/// The lanes of `NormalLinearSegment.shortSeries(centres:…)`: four segments (two SSE2 registers
/// on baseline x86-64; a sampler block of eight particles is two of them).
public typealias ShortLanes = SIMD4<Double>

/// The running sums of `NormalLinearSegment.shortSeries` over four lanes: `P_{2j-2}`,
/// `P_{2j-1}` and `S0`, `S1/(-h)`, `S2/h²` after term j - 1.
@usableFromInline
struct ShortSeries {
    @usableFromInline let y: SIMD4<Double>
    @usableFromInline let x: Double
    @usableFromInline let sloped: Bool
    @usableFromInline var even = SIMD4<Double>(repeating: 1), odd: SIMD4<Double>
    @usableFromInline var s0 = SIMD4<Double>(repeating: 1), s1 = SIMD4<Double>(), s2 = SIMD4<Double>()

    @inlinable @inline(__always)
    init(y: SIMD4<Double>, x: Double, sloped: Bool) {
        self.y = y
        self.x = x
        self.sloped = sloped
        odd = y
    }

    /// Term j in every lane.
    @inlinable @inline(__always)
    mutating func step(_ j: Int) {
        let c = Self.coefficients(j)
        s1 += c.odd * odd
        if sloped { s2 += c.second * even }
        let nextEven = y * odd - (Double(2 &* j &- 1) * x) * even  // P_{2j}
        s0 += c.even * nextEven
        odd = y * nextEven - (Double(2 &* j) * x) * odd  // P_{2j+1}
        even = nextEven
    }

    /// Term j where `active`; the other lanes keep their sums.
    @inlinable @inline(__always)
    mutating func step(_ j: Int, where active: SIMDMask<SIMD4<Int64>>) {
        let c = Self.coefficients(j)
        s1.replace(with: s1 + c.odd * odd, where: active)
        if sloped { s2.replace(with: s2 + c.second * even, where: active) }
        let nextEven = y * odd - (Double(2 &* j &- 1) * x) * even
        s0.replace(with: s0 + c.even * nextEven, where: active)
        odd = y * nextEven - (Double(2 &* j) * x) * odd
        even = nextEven
    }

    /// For j = 1…10: `1/(2j+1)!`, `2j/(2j+1)!` and `2j(2j-1)/(2j+1)!`.
    @inlinable @inline(__always)
    static func coefficients(_ j: Int) -> (even: Double, odd: Double, second: Double) {
        switch j {
        case 1: return (1.0 / 6, 2.0 / 6, 2.0 / 6)
        case 2: return (1.0 / 120, 4.0 / 120, 12.0 / 120)
        case 3: return (1.0 / 5040, 6.0 / 5040, 30.0 / 5040)
        case 4: return (1.0 / 362_880, 8.0 / 362_880, 56.0 / 362_880)
        case 5: return (1.0 / 39_916_800, 10.0 / 39_916_800, 90.0 / 39_916_800)
        case 6: return (1.0 / 6_227_020_800, 12.0 / 6_227_020_800, 132.0 / 6_227_020_800)
        case 7: return (1.0 / 1_307_674_368_000, 14.0 / 1_307_674_368_000, 182.0 / 1_307_674_368_000)
        case 8: return (1.0 / 355_687_428_096_000, 16.0 / 355_687_428_096_000, 240.0 / 355_687_428_096_000)
        case 9: return (1.0 / 121_645_100_408_832_000, 18.0 / 121_645_100_408_832_000, 306.0 / 121_645_100_408_832_000)
        default: return (1.0 / 51_090_942_171_709_440_000, 20.0 / 51_090_942_171_709_440_000, 380.0 / 51_090_942_171_709_440_000)
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
