import GuidanceNumerics
import KernelHost
import Testing
import Diffusion

/// The device Philox (Sources/CUDASampler/Kernels/philox.cuh), compiled for the host, against
/// `Numerics.Philox`: the same 32-bit outputs and, in double precision, the same normals, bit for
/// bit, on counters and keys drawn from a seeded stream (edge words included).
struct PhiloxKernelTests {
    /// 20 000 (counter, key) pairs: random words, and the words 0 and 2³² - 1 in every position.
    static func cases() -> [(SIMD4<UInt32>, SIMD2<UInt32>)] {
        var stream = RandomStream(seed: 2026, stream: 15)
        var cases: [(SIMD4<UInt32>, SIMD2<UInt32>)] = (0..<20_000).map { _ in
            let a = stream.next(), b = stream.next(), c = stream.next()
            return (SIMD4(UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: a >> 32), UInt32(truncatingIfNeeded: b), UInt32(truncatingIfNeeded: b >> 32)),
                    SIMD2(UInt32(truncatingIfNeeded: c), UInt32(truncatingIfNeeded: c >> 32)))
        }
        for edge: UInt32 in [0, .max] {
            cases.append((SIMD4(repeating: edge), SIMD2(repeating: edge)))
            cases.append((SIMD4(edge, 0, .max, edge), SIMD2(.max, edge)))
        }
        return cases
    }

    @Test("Philox4x32-10 blocks equal Numerics.Philox.block bit for bit (20 004 counters and keys)")
    func blocks() {
        var mismatches = 0
        for (counter, key) in Self.cases() {
            let c = [counter.x, counter.y, counter.z, counter.w], k = [key.x, key.y]
            var out = [UInt32](repeating: 0, count: 4)
            gl_host_philox(c, k, &out)
            let expected = Philox.block(counter, key: key)
            if out != [expected.x, expected.y, expected.z, expected.w] { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("the double normals equal Philox.normalPair bit for bit (20 000 draws)")
    func normals() {
        var stream = RandomStream(seed: 7, stream: 1)
        var mismatches = 0
        for _ in 0..<20_000 {
            let seed = stream.next(), particle = stream.next() >> UInt64(stream.next() % 64)
            let step = UInt32(truncatingIfNeeded: stream.next()), slot = UInt32(stream.next() % 9)
            var out = [0.0, 0.0]
            gl_host_normal_pair_f64(seed, particle, step, slot, &out)
            let (a, b) = Philox.normalPair(seed: seed, stream: particle, step: step, slot: slot)
            if out[0].bitPattern != a.bitPattern || out[1].bitPattern != b.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// The float path takes the top 24 bits of the same words: each uniform is within 2⁻²⁴ of the
    /// double one, so a normal moves by at most |∂z/∂u|·2⁻²⁴ plus float rounding; near u₁ = 1 the
    /// radius √(-2 log u₁) has an unbounded derivative, and there the change is at most
    /// √(2·2⁻²⁴) ≈ 3.5e-4. Measured on 20 000 draws: see the expectations.
    @Test("the float normals are the double ones to float precision (max |Δ| ≤ 4e-4; 99.9% within 1e-5)")
    func floatNormals() {
        var stream = RandomStream(seed: 8, stream: 2)
        var differences: [Double] = []
        for _ in 0..<20_000 {
            let seed = stream.next(), particle = stream.next() % 1_000_000, step = UInt32(stream.next() % 1000)
            var out = [Float](repeating: 0, count: 2)
            gl_host_normal_pair_f32(seed, particle, step, 0, &out)
            let (a, b) = Philox.normalPair(seed: seed, stream: particle, step: step, slot: 0)
            differences += [abs(Double(out[0]) - a), abs(Double(out[1]) - b)]
        }
        differences.sort()
        #expect(differences.last! <= 4e-4)
        #expect(differences[Int(0.999 * Double(differences.count))] <= 1e-5)
    }
}
