import Foundation

/// A reproducible stream of random numbers: Philox4x32-10 keyed by `seed`, with the stream
/// index in the counter's high words and a running position in its low words.
///
/// Two streams with the same `(seed, stream)` produce the same numbers on every run and thread;
/// streams with different indices are independent. Conforms to `RandomNumberGenerator`, so the
/// standard library's `Double.random(in:using:)` and friends draw from it.
public struct RandomStream: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    public let stream: UInt64
    private var position: UInt64 = 0
    private var buffered: UInt64? = nil

    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    public mutating func next() -> UInt64 {
        if let value = buffered {
            buffered = nil
            return value
        }
        let counter = SIMD4<UInt32>(
            UInt32(truncatingIfNeeded: position), UInt32(truncatingIfNeeded: position >> 32),
            UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
        let key = SIMD2<UInt32>(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        position &+= 1
        let r = Philox.block(counter, key: key)
        buffered = UInt64(r.z) << 32 | UInt64(r.w)
        return UInt64(r.x) << 32 | UInt64(r.y)
    }

    /// A standard normal draw (Box–Muller on two uniforms in (0, 1]).
    public mutating func nextNormal() -> Double {
        let u1 = Philox.unitInterval(next()), u2 = Philox.unitInterval(next())
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniform draw in `[0, 1)`.
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// The seed of the `index`-th child: a SplitMix64 hash of `(seed, stream, index)`, so that
    /// children of different parents do not collide.
    public static func derive(seed: UInt64, index: UInt64) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (index &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
