import Foundation
import Testing
import Numerics

/// `VectorLog` against the C library's `log` (glibc: correctly rounded in practice), in ulps.
struct VectorLogTests {
    static func logs(_ arguments: [Double]) -> [Double] {
        stride(from: 0, to: arguments.count, by: 4).flatMap { first -> [Double] in
            var lanes = VectorLog.Lanes(repeating: 1)
            for p in 0..<min(4, arguments.count - first) { lanes[p] = arguments[first + p] }
            let result = VectorLog.log(lanes)
            return (0..<min(4, arguments.count - first)).map { result[$0] }
        }
    }

    static func worst(_ arguments: [Double]) -> (ulps: UInt64, at: Double) {
        var worst: (UInt64, Double) = (0, 0)
        for (x, l) in zip(arguments, logs(arguments)) {
            let distance = VectorExpTests.ulps(l, Foundation.log(x))
            if distance > worst.0 { worst = (distance, x) }
        }
        return worst
    }

    @Test("within 1 ulp of log: every binade from 1e-300 to 1e300, and near 1 where log is small")
    func wholeRange() {
        var rng = RandomStream(seed: 31)
        var arguments = (0..<200_000).map { _ in exp(-690 + 1380 * rng.nextUniform()) }
        arguments += (0..<100_000).map { _ in 1 + (rng.nextUniform() - 0.5) * exp(-40 + 38 * rng.nextUniform()) }
        arguments += (0..<50_000).map { _ in 0.5 + 1.5 * rng.nextUniform() }  // both of fdlibm's forms, k = 0 and 1
        let (ulps, at) = Self.worst(arguments)
        #expect(ulps <= 1, "worst \(ulps) ulp at x = \(at)")
    }

    @Test("special values as the C library: log 1 = 0, powers of two, 0, subnormals, negative, ±∞, NaN")
    func special() {
        let arguments = [1.0, 2, 0.5, 1024, 0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude / 7, -1, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNormalMagnitude]
        let values = Self.logs(arguments)
        #expect(values[0] == 0)
        for (x, l) in zip(arguments, values).dropFirst() {
            let expected = Foundation.log(x)
            #expect(l == expected || (l.isNaN && expected.isNaN), "log(\(x)) = \(l), C library \(expected)")
        }
    }

    @Test("a lane's result does not depend on the other lanes")
    func laneIndependence() {
        var rng = RandomStream(seed: 32)
        let arguments = (0..<37).map { _ in exp(40 * (rng.nextUniform() - 0.5)) } + [0, -1, .nan]
        let together = Self.logs(arguments)
        for (i, x) in arguments.enumerated() {
            let alone = Self.logs([x])[0]
            #expect(alone == together[i] || (alone.isNaN && together[i].isNaN))
        }
    }
}
