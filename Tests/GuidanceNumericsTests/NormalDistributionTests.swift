import Foundation
import Testing
import GuidanceNumerics
@preconcurrency import CGSL

/// The normal tail functions against adaptive quadrature of the density, in log space, out to
/// 40 standard deviations.
struct NormalDistributionTests {
    /// `log ∫_a^b φ` by QAGS on the scaled integrand `exp(-(u² - u0²)/2)`, u0 the point nearest 0.
    static func referenceLogMass(_ a: Double, _ b: Double) throws -> Double {
        let u0 = a > 0 ? a : (b < 0 ? b : 0)
        let upper = min(b, u0 + 60), lower = max(a, u0 - 60)
        let r = try Quadrature.integrate({ u in exp(-0.5 * (u - u0) * (u + u0)) }, from: lower, to: upper, relativeTolerance: 1e-13)
        return log(r.value) + Normal.logDensity(u0)
    }

    @Test("log Φ agrees with quadrature to 1e-12 relative from -40 to 8", arguments: [-40.0, -38.5, -20, -7.3, -1, 0, 0.5, 3, 8])
    func logCDF(x: Double) throws {
        let reference = try Self.referenceLogMass(-.greatestFiniteMagnitude, x)
        #expect(abs(Normal.logCDF(x) - reference) <= 1e-12 * max(1, abs(reference)))
    }

    @Test("log(Φ(b) - Φ(a)) in both tails and across 0", arguments: [
        (-41.0, -40.0), (-40.0, -39.999), (39.0, 40.0), (30.0, 30.000001), (-0.1, 0.2), (-5.0, 40.0), (1e-9, 2e-9),
    ])
    func logCDFDifference(a: Double, b: Double) throws {
        let reference = try Self.referenceLogMass(a, b)
        #expect(abs(try Normal.logCDFDifference(a, b) - reference) <= 1e-10 * max(1, abs(reference)))
    }

    @Test("Mills ratio Q/φ against quadrature, on both sides of 0 and of the far polynomial at 8", arguments: [-3.0, 0, 1, 5, 7.99, 8, 8.01, 20, 26, 40])
    func millsRatio(z: Double) throws {
        let reference = exp(try Self.referenceLogMass(z, .infinity) - Normal.logDensity(z))
        #expect(abs(Normal.millsRatio(z) - reference) <= 1e-12 * reference)
    }

    /// `millsRatio(lanes:)` at the points `first/64 + 0.001·p`, p = 0…7 (each lane a different
    /// point, so a lane reading its neighbour's piece would show), for `first` in `range`.
    static func millsRatioLanes(_ range: Range<Int>, _ check: (Double, Double) -> Void) {
        for first in Swift.stride(from: range.lowerBound, to: range.upperBound, by: 8) {
            let z = SegmentLanes((0..<8).map { Double(first + $0) / 64 + 1e-3 * Double($0) })
            let r = Normal.millsRatio(lanes: z)
            for p in 0..<8 { check(z[p], r[p]) }
        }
    }

    @Test("Mills ratio lanes below 26: 1/R is GSL's hazard function to (5 + 4z²)e-16 (its own rounding grows as z²)")
    func millsRatioLanesAgainstHazard() {
        GSL.disableAbortHandler()
        var worst = 0.0
        Self.millsRatioLanes(0..<(26 * 64)) { z, r in
            var result = gsl_sf_result()
            #expect(gsl_sf_hazard_e(z, &result) == GSL_SUCCESS)
            worst = max(worst, abs(r * result.val - 1) / (5e-16 + 4e-16 * z * z))
        }
        #expect(worst <= 1, "largest |R·hazard - 1| / ((5 + 4z²)e-16): \(worst)")
    }

    @Test("Mills ratio lanes from 26 to 200: the asymptotic series (error below 1e-18 there) to 4.5e-16")
    func millsRatioLanesAgainstSeries() {
        var worst = 0.0
        Self.millsRatioLanes((26 * 64)..<(200 * 64)) { z, r in
            // z⁻¹ Σ_{k=0}^{8} (-1)^k (2k-1)!!/z^{2k}, next term 17!!/z¹⁹ < 1e-18 relative.
            let q = 1 / (z * z)
            var sum = 0.0, term = 1.0
            for k in 0...8 {
                sum += term
                term *= -Double(2 * k + 1) * q
            }
            worst = max(worst, abs(r * z / sum - 1))
        }
        #expect(worst <= 4.5e-16, "largest relative difference \(worst)")
    }

    @Test("Mills ratio lanes: the pieces meet at every break j/4 and at 8, R(0) = √(π/2), and the ends")
    func millsRatioPiecesMeet() {
        for j in 1...32 {
            // Either side of the break, the two pieces' values differ by the change of R over
            // two ulps (R' = zR - 1) plus each piece's error (2.3e-16 relative).
            let z = Double(j) / 4
            let r = Normal.millsRatio(lanes: SegmentLanes(z.nextDown, z, z.nextUp, z, z, z, z, z))
            let allowed = abs(z * r[1] - 1) * (z.nextUp - z.nextDown) + 6e-16 * r[1]
            #expect(abs(r[0] - r[2]) <= allowed, "z \(z): \(r[0]) \(r[1]) \(r[2])")
        }
        let origin = Normal.millsRatio(lanes: SegmentLanes(repeating: 0))[0]
        #expect(abs(origin / 1.253_314_137_315_500_251 - 1) <= 2.3e-16, "R(0) = √(π/2)")
        let ends = Normal.millsRatio(lanes: SegmentLanes(.infinity, .nan, 1e300, 1e-300, 7.999999999999999, 8, 1e8, 0.25))
        #expect(ends[0] == 0 && ends[1].isNaN && abs(ends[2] * 1e300 - 1) <= 2.3e-16 && abs(ends[6] * 1e8 - 1) <= 2.3e-16)
    }

    @Test("Mills ratio far out: R(z) = (1 - 1/z² + 3/z⁴)/z to rounding")
    func millsRatioFarOut() {
        for z in [1e4, 1e8, 1e15] {
            #expect(abs(Normal.millsRatio(z) * z - (1 - 1 / (z * z))) <= 4.5e-16, "z \(z)")
        }
    }

    @Test("Φ and Φ⁻¹ are inverse")
    func quantileInverts() {
        for p in [1e-300, 1e-20, 0.01, 0.5, 0.99, 1 - 1e-12] {
            #expect(abs(Normal.cdf(Normal.quantile(p)) - p) <= 1e-12 * min(p, 1 - p) + 1e-300)
        }
    }
}
