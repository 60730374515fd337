import Foundation
import Testing
import Numerics

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
        #expect(abs(Normal.logCDFDifference(a, b) - reference) <= 1e-10 * max(1, abs(reference)))
    }

    @Test("Mills ratio Q/φ in the tail, on both sides of the series at 26", arguments: [-3.0, 0, 1, 5, 20, 25.9, 26, 26.1, 40])
    func millsRatio(z: Double) throws {
        let reference = exp(try Self.referenceLogMass(z, .infinity) - Normal.logDensity(z))
        #expect(abs(Normal.millsRatio(z) - reference) <= 1e-12 * reference)
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
