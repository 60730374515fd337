/// `e^x` eight lanes at a time, in plain SSE2 arithmetic (baseline x86-64; no FMA), for the
/// exponentials of the score's log-sum-exp, where the arguments are `≤ 0` after the shift by
/// the largest term.
///
/// Method (Cody–Waite reduction, Taylor polynomial, exact scaling):
/// ```
/// n = round(x / ln 2)                       (the 1.5·2⁵² trick: n is exact, |n| ≤ 2100)
/// r = (x - n·L_hi) - n·L_lo ∈ [-0.347, 0.347]  (L_hi + L_lo = ln 2; n·L_hi and the difference exact)
/// e^r = 1 + (r + r²·q(r)),  q(r) = 1/2! + r/3! + … + r¹¹/13!  (truncation r¹⁴/14! < 4e-18)
/// e^x = (e^r · 2^{n₁}) · 2^{n₂},  n₁ = round(n/2), n₂ = n - n₁
/// ```
/// Both scalings are exact except the last when the result is subnormal, so it is rounded
/// once; `x` is clamped to `[-1400, 710]` first (results 0 and `+∞` there), NaN stays NaN.
/// Accuracy: within 2 ulp of the correctly rounded `e^x` over the whole range, including the
/// subnormal results down to `x = -745.13` and the underflow to 0 below, and `e^0 = 1` exactly —
/// checked against the C library's `exp` in `VectorExpTests` (at most 1 ulp apart on 400 000
/// arguments). Each lane is computed alone, so
/// a value's result does not depend on its neighbours (the sampler's block-size independence).
public enum VectorExp {
    public typealias Lanes = SIMD8<Double>

    @inlinable
    public static func exp(_ argument: Lanes) -> Lanes {
        let shifter = 6_755_399_441_055_744.0  // 1.5·2⁵²
        let shifterBits = SIMD8<UInt64>(repeating: shifter.bitPattern)
        let log2e = 1.442_695_040_888_963_387_00
        let lnHi = 6.931_471_803_691_238_164_90e-01, lnLo = 1.908_214_929_270_587_700_02e-10  // fdlibm's split of ln 2
        var x = argument.replacing(with: -1400, where: argument .< -1400)
        x.replace(with: 710, where: x .> 710)
        let k = x * log2e + shifter
        let n = k - shifter
        let r = (x - n * lnHi) - n * lnLo
        // q(r) = Σ_{i=0}^{11} r^i/(i+2)! by Estrin's scheme (pairs, then powers r², r⁴, r⁸), so
        // the dependency chain is four multiply-adds deep instead of twelve.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let p0 = r * (1.0 / 6) + 0.5, p1 = r * (1.0 / 120) + 1.0 / 24
        let p2 = r * (1.0 / 5040) + 1.0 / 720, p3 = r * (1.0 / 362_880) + 1.0 / 40320
        let p4 = r * (1.0 / 39_916_800) + 1.0 / 3_628_800, p5 = r * (1.0 / 6_227_020_800) + 1.0 / 479_001_600
        let q = ((p0 + r2 * p1) + r4 * (p2 + r2 * p3)) + r8 * (p4 + r2 * p5)
        let p = 1 + (r + r2 * q)
        let k1 = n * 0.5 + shifter
        let n1 = k1 - shifter
        let k2 = (n - n1) + shifter
        let bias = SIMD8<UInt64>(repeating: 1023)
        let scale1 = unsafeBitCast(((unsafeBitCast(k1, to: SIMD8<UInt64>.self) &- shifterBits) &+ bias) &<< 52, to: Lanes.self)
        let scale2 = unsafeBitCast(((unsafeBitCast(k2, to: SIMD8<UInt64>.self) &- shifterBits) &+ bias) &<< 52, to: Lanes.self)
        return (p * scale1) * scale2
    }

    /// `values[i] = e^{values[i]}` for `i < count`, eight at a time (the last group padded).
    @inlinable
    public static func exp(_ values: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i &+ 8 <= count {
            let raw = UnsafeMutableRawPointer(values + i)
            raw.storeBytes(of: exp(raw.loadUnaligned(as: Lanes.self)), as: Lanes.self)
            i &+= 8
        }
        if i < count {
            var lanes = Lanes()
            for j in 0..<(count &- i) { lanes[j] = values[i &+ j] }
            let result = exp(lanes)
            for j in 0..<(count &- i) { values[i &+ j] = result[j] }
        }
    }
}

/// Whether any lane of an eight-lane mask is set, by OR-ing halves of its 64-bit lanes (the
/// standard library's `any` reduces through a generic, unvectorised `max`).
@inlinable @inline(__always)
public func anyLane(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
    let bits = unsafeBitCast(mask, to: SIMD8<Int64>.self)
    let four = bits.lowHalf | bits.highHalf, two = four.lowHalf | four.highHalf
    return two[0] | two[1] != 0
}

/// Whether every lane of an eight-lane mask is set.
@inlinable @inline(__always)
public func allLanes(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool { !anyLane(.!mask) }

/// Whether any lane of a four-lane mask is set.
@inlinable @inline(__always)
public func anyLane(_ mask: SIMDMask<SIMD4<Int64>>) -> Bool {
    let bits = unsafeBitCast(mask, to: SIMD4<Int64>.self)
    let two = bits.lowHalf | bits.highHalf
    return two[0] | two[1] != 0
}

/// Whether every lane of a four-lane mask is set.
@inlinable @inline(__always)
public func allLanes(_ mask: SIMDMask<SIMD4<Int64>>) -> Bool { !anyLane(.!mask) }
