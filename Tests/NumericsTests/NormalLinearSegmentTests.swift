import Foundation
import Testing
import Numerics

/// The Gaussian integral of a linear function over an interval, against quadrature, over random
/// intervals in the tails, across 0, short and long.
struct NormalLinearSegmentTests {
    static func reference(lo: Double, hi: Double, vLo: Double, vHi: Double) throws -> (logMass: Double, meanU: Double) {
        let u0 = lo > 0 ? lo : (hi < 0 ? hi : 0)
        let ell = { (u: Double) in vLo + (vHi - vLo) * (u - lo) / (hi - lo) }
        let a = max(lo, u0 - 60), b = min(hi, u0 + 60)
        let m0 = try Quadrature.integrate({ u in ell(u) * exp(-0.5 * (u - u0) * (u + u0)) }, from: a, to: b, relativeTolerance: 1e-12)
        let m1 = try Quadrature.integrate({ u in (u - u0) * ell(u) * exp(-0.5 * (u - u0) * (u + u0)) }, from: a, to: b,
                                          absoluteTolerance: 1e-14 * m0.value, relativeTolerance: 1e-12)
        return (log(m0.value) + Normal.logDensity(u0), u0 + m1.value / m0.value)
    }

    @Test("random segments: log mass to 1e-10 and mean to 1e-10 relative")
    func randomSegments() throws {
        var rng = RandomStream(seed: 7)
        for _ in 0..<400 {
            let centre = -45 + 90 * rng.nextUniform()
            let width = exp(-12 + 16 * rng.nextUniform())
            let lo = centre - 0.5 * width, hi = centre + 0.5 * width
            let shape = rng.nextUniform()
            let vLo = shape < 0.3 ? 0 : rng.nextUniform(), vHi = shape > 0.7 ? 0 : rng.nextUniform()
            guard vLo + vHi > 0 else { continue }
            let segment = NormalLinearSegment(lo: lo, hi: hi, vLo: vLo, vHi: vHi)
            let expected = try Self.reference(lo: lo, hi: hi, vLo: vLo, vHi: vHi)
            #expect(abs(segment.logMass - expected.logMass) <= 1e-10 * max(1, abs(expected.logMass)),
                    "lo \(lo) hi \(hi) vLo \(vLo) vHi \(vHi)")
            #expect(abs(segment.meanU - expected.meanU) <= 1e-10 * max(1, abs(expected.meanU)),
                    "lo \(lo) hi \(hi) vLo \(vLo) vHi \(vHi)")
        }
    }
}
