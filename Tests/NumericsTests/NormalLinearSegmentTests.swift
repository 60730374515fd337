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

extension NormalLinearSegmentTests {
    /// Far out (|lo| up to 1e15), where `1 - E - c·M0` would lose every digit: the asymptotic and
    /// composite branches against quadrature in the scaled variable `r = c v`.
    @Test("far-out segments stay accurate and finite", arguments: [1e2, 3e3, 1e5, 1e7, 1e15])
    func farOut(c: Double) throws {
        for (width, vLo, vHi) in [(1.0, 0.0, 1.0), (1e-3 / c, 1.0, 0.0), (30 / c, 0.5, 2.0), (5.0, 1.0, 1.0)] {
            let segment = NormalLinearSegment(lo: c, width: width, vLo: vLo, vHi: vHi)
            let mirrored = NormalLinearSegment(lo: -c - width, width: width, vLo: vHi, vHi: vLo)
            // ∫_0^Δ ℓ(v) e^{-cv - v²/2} dv with r = c v, over [0, min(cΔ, 80)].
            let top = min(c * width, 80)
            let ell = { (r: Double) in vLo + (vHi - vLo) * (r / c) / width }
            let kernel = { (r: Double) in exp(-r - 0.5 * (r / c) * (r / c)) }
            let m0 = try Quadrature.integrate({ ell($0) * kernel($0) }, from: 0, to: top, relativeTolerance: 1e-13).value / c
            let m1 = try Quadrature.integrate({ $0 / c * ell($0) * kernel($0) }, from: 0, to: top, relativeTolerance: 1e-13).value / c
            let logMass = Normal.logDensity(c) + log(m0)
            #expect(abs(segment.logMass - logMass) <= 1e-12 * abs(logMass), "c \(c) width \(width)")
            #expect(abs(segment.meanU - (c + m1 / m0)) <= 1e-12 * c, "c \(c) width \(width): \(segment.meanU)")
            #expect(mirrored.logMass == segment.logMass && mirrored.meanU == -segment.meanU)
        }
    }
}
