import Foundation
import Testing
import GuidanceNumerics

struct PhiloxTests {
    /// The Random123 known-answer test for Philox4x32-10: counter and key all ones.
    @Test("Philox4x32-10 known answer")
    func knownAnswer() {
        let r = Philox.block(SIMD4(repeating: 0xFFFF_FFFF), key: SIMD2(repeating: 0xFFFF_FFFF))
        #expect(r == SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD))
        let zero = Philox.block(SIMD4(repeating: 0), key: SIMD2(repeating: 0))
        #expect(zero == SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8))
    }

    @Test("streams are reproducible and distinct")
    func streams() {
        var a = RandomStream(seed: 42, stream: 3), b = RandomStream(seed: 42, stream: 3), c = RandomStream(seed: 42, stream: 4)
        let xa = (0..<100).map { _ in a.next() }, xb = (0..<100).map { _ in b.next() }, xc = (0..<100).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    /// False-alarm rate of this check: 1e-9 (DKW).
    @Test("normals from Philox pass a DKW test at α = 1e-9")
    func normals() throws {
        var rng = RandomStream(seed: 1)
        let n = 20_000
        let x = (0..<n).map { _ in rng.nextNormal() }
        let d = GoodnessOfFit.ksDistance(x, cdf: Normal.cdf)
        #expect(try d < GoodnessOfFit.dkwRadius(sampleSize: n, alpha: 1e-9))
    }
}

struct GoodnessOfFitTests {
    @Test("KS distances on hand-checked samples")
    func distances() throws {
        #expect(abs(GoodnessOfFit.ksDistance([0.5], cdf: { min(max($0, 0), 1) }) - 0.5) < 1e-15)
        #expect(GoodnessOfFit.ksDistance([1, 2, 3], [1, 2, 3]) == 0)
        #expect(abs(GoodnessOfFit.ksDistance([1, 2], [3, 4]) - 1) < 1e-15)
    }

    @Test("DKW radius matches its formula and detects a shift")
    func radius() throws {
        let r = try GoodnessOfFit.dkwRadius(sampleSize: 1000, alpha: 0.05)
        #expect(abs(r - (log(40.0) / 2000).squareRoot()) < 1e-15)
        var rng = RandomStream(seed: 2)
        let shifted = (0..<5000).map { _ in rng.nextNormal() + 0.2 }
        #expect(GoodnessOfFit.ksDistance(shifted, cdf: Normal.cdf) > (try GoodnessOfFit.dkwRadius(sampleSize: 5000, alpha: 1e-9)))
    }
}
