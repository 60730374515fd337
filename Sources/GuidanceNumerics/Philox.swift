import Foundation

/// Philox4x32-10, the counter-based generator of Salmon et al. (SC'11, "Parallel random numbers:
/// as easy as 1, 2, 3").
///
/// `Philox.block(counter, key)` is a pure function of a 128-bit counter and a 64-bit key, so the
/// i-th random draw of particle p at step k is the same whichever thread or device computes it.
/// The CPU samplers and the CUDA kernel use this one definition (the kernel's copy is checked
/// against it).
public enum Philox {
    public static let m0: UInt32 = 0xD251_1F53
    public static let m1: UInt32 = 0xCD9E_8D57
    public static let w0: UInt32 = 0x9E37_79B9
    public static let w1: UInt32 = 0xBB67_AE85

    /// Ten rounds of the Philox bijection on `counter` under `key`.
    @inlinable
    public static func block(_ counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var c = counter
        var k = key
        for round in 0..<10 {
            if round > 0 {
                k.x &+= w0
                k.y &+= w1
            }
            let p0 = UInt64(m0) &* UInt64(c.x)
            let p1 = UInt64(m1) &* UInt64(c.z)
            let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            c = SIMD4(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0)
        }
        return c
    }

    /// Two independent standard normals from one block (Box–Muller on two 53-bit uniforms in
    /// (0, 1]), for the draw `(stream, step, slot)` under `seed`.
    @inlinable
    public static func normalPair(seed: UInt64, stream: UInt64, step: UInt32, slot: UInt32) -> (Double, Double) {
        let counter = SIMD4<UInt32>(
            UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32), step, slot)
        let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        let r = block(counter, key: key)
        let u1 = unitInterval(UInt64(r.x) << 32 | UInt64(r.y))
        let u2 = unitInterval(UInt64(r.z) << 32 | UInt64(r.w))
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * cos(angle), radius * sin(angle))
    }

    /// A uniform number in (0, 1] from the top 53 bits of `bits`.
    @inlinable
    public static func unitInterval(_ bits: UInt64) -> Double {
        Double((bits >> 11) + 1) * 0x1.0p-53
    }
}
