import Foundation

/// `log x` four lanes at a time, in plain SSE2 arithmetic (baseline x86-64; no FMA), for the
/// log densities of product components (`NoisedProduct` multiplies its factors' scales and takes
/// one log per particle; four particles share a call).
///
/// Method (fdlibm's `__ieee754_log`, lane by lane, both of its final forms computed and the one
/// fdlibm would take selected):
/// ```
/// x = 2^k (1 + f),   √2/2 ≤ 1 + f < √2          (from the bits: k exact, f exact)
/// s = f/(2 + f),   z = s²,   R(z) = Lg1 z + … + Lg7 z⁷   (|error| < 2^-58.45 on |s| ≤ 0.1716)
/// log(1 + f) = f - (hfsq - s(hfsq + R))          (hfsq = f²/2; where f is far from 0)
///            = f - s(f - R)                      (elsewhere)
/// log x = k·L_hi + (log(1 + f) + k·L_lo)         (L_hi + L_lo = ln 2, k·L_hi exact)
/// ```
/// Accuracy: below 1 ulp (fdlibm's bound), checked against the C library's `log` in
/// `VectorLogTests`. Lanes that are not positive normal finite numbers (0, subnormals, negative
/// numbers, ±∞, NaN) go to the C library's `log`, so every value gets the same bits whatever its
/// neighbours are (the sampler's block-size independence).
public enum VectorLog {
    public typealias Lanes = SIMD4<Double>

    @inlinable @inline(__always)
    public static func log(_ x: Lanes) -> Lanes {
        let normal = (x .>= Lanes(repeating: .leastNormalMagnitude)) .& (x .<= Lanes(repeating: .greatestFiniteMagnitude))
        let safe = x.replacing(with: 1, where: .!normal)
        var result = core(safe)
        if !allLanes(normal) {
            for p in 0..<Lanes.scalarCount where !normal[p] { result[p] = Foundation.log(x[p]) }
        }
        return result
    }

    /// fdlibm's path for positive normal finite lanes, in operations SSE2 has: 64-bit logical
    /// shifts, adds and masks on the bits, and double compares instead of integer ones.
    @inlinable @inline(__always)
    static func core(_ x: Lanes) -> Lanes {
        let lnHi = 6.931_471_803_691_238_164_90e-01, lnLo = 1.908_214_929_270_587_700_02e-10
        let shifter = 6_755_399_441_055_744.0  // 1.5·2⁵²: k + shifter's bits read as a double is k + shifter
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        let high = bits &>> 32  // the sign is 0
        let mantissaHigh = high & 0x000f_ffff
        // i = 0x100000 when the mantissa is ≥ √2's (then 1 + f is taken in [√2/2, 1), k one more).
        let i = (mantissaHigh &+ 0x95f64) & 0x10_0000
        // k = (biased exponent + i/2²⁰) - 1023, converted to a double through the shifter.
        let kBiased = (high &>> 20) &+ (i &>> 20)
        let dk = unsafeBitCast(kBiased &+ SIMD4(repeating: shifter.bitPattern), to: Lanes.self) - (shifter + 1023)
        let y = unsafeBitCast(((mantissaHigh | (i ^ 0x3ff0_0000)) &<< 32) | (bits & 0xffff_ffff), to: Lanes.self)
        let f = y - 1
        let s = f / (2 + f)
        // fdlibm's Lg1…Lg7: the minimax polynomial of (log(1+s) - log(1-s) - 2s)/s in z = s².
        let lg1 = 6.666_666_666_666_735_130e-01, lg2 = 3.999_999_999_940_941_908e-01, lg3 = 2.857_142_874_366_239_149e-01
        let lg4 = 2.222_219_843_214_978_396e-01, lg5 = 1.818_357_216_161_805_012e-01, lg6 = 1.531_383_769_920_937_332e-01
        let lg7 = 1.479_819_860_511_658_591e-01
        let z = s * s, w = z * z
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        let r = t2 + t1
        // fdlibm's test (hx - 0x6147a) | (0x6b851 - hx) > 0 on the high mantissa word hx of y,
        // i.e. 0x6147a ≤ hx ≤ 0x6b851 (|f| ≳ 0.29), as compares of y: with exponent 0 (y ≥ 1)
        // hx ≥ 0x6147a is y ≥ 1 + 0x6147a·2⁻²⁰; with exponent -1, hx ≤ 0x6b851 is
        // y < (1 + 0x6b852·2⁻²⁰)/2.
        let far = (y .>= 1 + 398_458.0 / 1_048_576) .| (y .< 0.5 + 440_402.0 / 2_097_152)
        let hfsq = 0.5 * f * f
        let farForm = dk * lnHi - ((hfsq - (s * (hfsq + r) + dk * lnLo)) - f)
        let nearForm = dk * lnHi - ((s * (f - r) - dk * lnLo) - f)
        return nearForm.replacing(with: farForm, where: far)
    }
}
