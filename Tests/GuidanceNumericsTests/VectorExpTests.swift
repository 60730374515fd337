import Foundation
import Testing
import GuidanceNumerics

/// `VectorExp` against the C library's `exp` (glibc: correctly rounded in practice), in ulps
/// (the distance between bit patterns, which counts subnormals and 0 too).
struct VectorExpTests {
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let x = a.bitPattern, y = b.bitPattern
        return x > y ? x - y : y - x
    }

    static func check(_ arguments: [Double]) -> (worst: UInt64, at: Double) {
        var values = arguments
        values.withUnsafeMutableBufferPointer { VectorExp.exp($0.baseAddress!, count: $0.count) }
        var worst: (UInt64, Double) = (0, 0)
        for (x, e) in zip(arguments, values) where ulps(e, Foundation.exp(x)) > worst.0 { worst = (ulps(e, Foundation.exp(x)), x) }
        return worst
    }

    @Test("within 2 ulp of exp over [-746, 0]: random, every binade of |x|, and the subnormal results")
    func nonPositive() {
        var rng = RandomStream(seed: 21)
        var arguments = (0..<200_000).map { _ in -746 * rng.nextUniform() }
        arguments += (0..<50_000).map { _ in -exp(-40 + 47 * rng.nextUniform()) }  // |x| from 4e-18 to 700
        arguments += (0..<50_000).map { _ in -708.3 - 36.9 * rng.nextUniform() }  // results subnormal
        let (worst, at) = Self.check(arguments)
        #expect(worst <= 2, "worst \(worst) ulp at x = \(at)")
    }

    @Test("positive arguments up to overflow are within 2 ulp too")
    func positive() {
        var rng = RandomStream(seed: 22)
        let (worst, at) = Self.check((0..<100_000).map { _ in 709.78 * rng.nextUniform() })
        #expect(worst <= 2, "worst \(worst) ulp at x = \(at)")
    }

    @Test("special values: e^0 = 1, underflow to 0, overflow, ±∞ and NaN")
    func special() {
        var values = [0.0, -0.0, -745.2, -746, -1e5, -.infinity, 709.8, 1e5, .infinity, .nan, -745.13, -1e-300]
        values.withUnsafeMutableBufferPointer { VectorExp.exp($0.baseAddress!, count: $0.count) }
        #expect(values[0] == 1 && values[1] == 1)
        #expect(values[2] == 0 && values[3] == 0 && values[4] == 0 && values[5] == 0)
        #expect(values[6] == .infinity && values[7] == .infinity && values[8] == .infinity)
        #expect(values[9].isNaN)
        #expect(values[10] > 0 && values[10] == Foundation.exp(-745.13))
        #expect(values[11] == 1)
    }

    @Test("a lane's result does not depend on the other lanes or on where the group ends")
    func laneIndependence() {
        var rng = RandomStream(seed: 23)
        let arguments = (0..<37).map { _ in -50 * rng.nextUniform() }
        var together = arguments
        together.withUnsafeMutableBufferPointer { VectorExp.exp($0.baseAddress!, count: $0.count) }
        for (i, x) in arguments.enumerated() {
            var alone = [x]
            alone.withUnsafeMutableBufferPointer { VectorExp.exp($0.baseAddress!, count: 1) }
            #expect(alone[0] == together[i])
        }
    }
}
