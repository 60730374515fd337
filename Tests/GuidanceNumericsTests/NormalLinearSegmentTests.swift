import Foundation
import Testing
import GuidanceNumerics

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

/// Constant pieces (`vLo = vHi`: uniform boxes, piecewise-constant densities), whose mass is
/// `Φ(hi) - Φ(lo)` and mean `(φ(lo) - φ(hi))/mass`: the same random and far-out segments as
/// above, widths down to 1e-12 where `Φ(hi) - Φ(lo)` cancels completely, and both sides of the
/// short-branch boundary (`h = ½`, `|b|h = 1`).
extension NormalLinearSegmentTests {
    static func expectMatches(_ segment: NormalLinearSegment, _ expected: (logMass: Double, meanU: Double), tolerance: Double, _ what: String) {
        #expect(abs(segment.logMass - expected.logMass) <= tolerance * max(1, abs(expected.logMass)), "\(what): log mass \(segment.logMass) vs \(expected.logMass)")
        #expect(abs(segment.meanU - expected.meanU) <= tolerance * max(1, abs(expected.meanU)), "\(what): mean \(segment.meanU) vs \(expected.meanU)")
    }

    @Test("constant segments: random centres in ±45 and widths e^-12…e^4, to 1e-12")
    func randomConstantSegments() throws {
        var rng = RandomStream(seed: 8)
        for _ in 0..<400 {
            let centre = -45 + 90 * rng.nextUniform()
            let width = exp(-12 + 16 * rng.nextUniform())
            let lo = centre - 0.5 * width, hi = centre + 0.5 * width
            let v = 0.01 + rng.nextUniform()
            let segment = NormalLinearSegment(lo: lo, hi: hi, vLo: v, vHi: v)
            Self.expectMatches(segment, try Self.reference(lo: lo, hi: hi, vLo: v, vHi: v), tolerance: 1e-12, "[\(lo), \(hi)] v \(v)")
        }
    }

    @Test("constant segments of width 1e-12 to 1e-5, in both tails and across 0", arguments: [1e-12, 1e-10, 3e-8, 1e-5])
    func tinyConstantSegments(width: Double) throws {
        for centre in [-41.0, -38.2, -7.5, -1, -0.3 * width, 0, 0.25 * width, 0.7, 3, 12.25, 40] {
            let lo = centre - 0.5 * width, hi = lo + width
            let segment = NormalLinearSegment(lo: lo, hi: hi, vLo: 2, vHi: 2)
            Self.expectMatches(segment, try Self.reference(lo: lo, hi: hi, vLo: 2, vHi: 2), tolerance: 1e-12, "[\(lo), \(hi)]")
            // The first terms of the midpoint series, exact here to far below 1e-15: with
            // h = Δ/2 and b the midpoint, mass = Δ φ(b)(1 + (b² - 1)h²/6), mean = b(1 - h²/3).
            let h = 0.5 * (hi - lo), b = lo + h
            let logMass = log(2 * (hi - lo)) + Normal.logDensity(b) + log1p((b * b - 1) * h * h / 6)
            Self.expectMatches(segment, (logMass, b * (1 - h * h / 3)), tolerance: 1e-14, "[\(lo), \(hi)] against the series")
        }
    }

    @Test("constant and sloped segments on both sides of the short-branch boundary")
    func shortBranchBoundary() throws {
        // h = ½ (width 1) across 0 and in a tail, and |b|h = 1 in both tails.
        var cases: [(lo: Double, width: Double)] = []
        for width in [1 - 1e-12, 1.0, 1 + 1e-12] { cases += [(-0.3, width), (0.2, width), (-1.7 - width, width)] }
        for h in [0.01, 0.1, 0.3, 0.5] {
            for product in [1 - 1e-12, 1.0, 1 + 1e-12] { cases += [(product / h - h, 2 * h), (-product / h - h, 2 * h)] }
        }
        for (lo, width) in cases {
            for (vLo, vHi) in [(1.0, 1.0), (0.0, 1.0), (0.7, 0.2)] {
                let segment = NormalLinearSegment(lo: lo, width: width, vLo: vLo, vHi: vHi)
                // Sloped pieces at c ≈ 100 take the tail branch's M1 = 1 - E - c·M0 (c²ε ≈ 1e-12
                // relative): the 1e-10 of `randomSegments`.
                Self.expectMatches(segment, try Self.reference(lo: lo, hi: lo + width, vLo: vLo, vHi: vHi), tolerance: vLo == vHi ? 1e-12 : 1e-10,
                                   "[\(lo), +\(width)] vLo \(vLo) vHi \(vHi)")
            }
        }
    }

    /// Far out, as `farOut` above, for constant pieces: no `M1`, so the Mills form holds for
    /// every c and short widths take the series.
    @Test("far-out constant segments stay accurate and finite", arguments: [1e2, 3e3, 1e5, 1e7, 1e15])
    func farOutConstant(c: Double) throws {
        for width in [1e-12 / c, 1e-3 / c, 1.5 / c, 30 / c, 100 / c, 1.0, 5.0] {
            let segment = NormalLinearSegment(lo: c, width: width, vLo: 1, vHi: 1)
            let mirrored = NormalLinearSegment(lo: -c - width, width: width, vLo: 1, vHi: 1)
            let top = min(c * width, 80)
            let kernel = { (r: Double) in exp(-r - 0.5 * (r / c) * (r / c)) }
            let m0 = try Quadrature.integrate(kernel, from: 0, to: top, relativeTolerance: 1e-13).value / c
            let m1 = try Quadrature.integrate({ $0 / c * kernel($0) }, from: 0, to: top, relativeTolerance: 1e-13).value / c
            let logMass = Normal.logDensity(c) + log(m0)
            #expect(abs(segment.logMass - logMass) <= 1e-12 * abs(logMass), "c \(c) width \(width)")
            #expect(abs(segment.meanU - (c + m1 / m0)) <= 1e-12 * c, "c \(c) width \(width): \(segment.meanU)")
            #expect(abs(mirrored.logMass - segment.logMass) <= 1e-15 * abs(logMass) && abs(mirrored.meanU + segment.meanU) <= 1e-15 * c,
                    "c \(c) width \(width): mirror")
        }
    }
}
