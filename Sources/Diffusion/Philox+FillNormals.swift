import GuidanceNumerics

extension Philox {
    /// Fills `z` with the standard normals of draw `(seed, stream, step)`: slot j gives
    /// `z[2j], z[2j + 1]` (`normalPair`), the second dropped when `z.count` is odd. The samplers
    /// key a particle's noise at step k by `(seed, particle, k)` and its start point by
    /// `(seed, particle, Sampler.startStep)`.
    @inlinable @inline(__always)
    public static func fillNormals(_ z: UnsafeMutableBufferPointer<Double>, seed: UInt64, stream: UInt64, step: UInt32) {
        for j in stride(from: 0, to: z.count, by: 2) {
            let (a, b) = normalPair(seed: seed, stream: stream, step: step, slot: UInt32(j / 2))
            z[j] = a
            if j + 1 < z.count { z[j + 1] = b }
        }
    }
}
