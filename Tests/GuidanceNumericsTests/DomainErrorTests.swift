import GuidanceNumerics
import Testing

/// Arguments outside a routine's domain are typed errors naming the argument, never a trap.
@Suite("Domain errors")
struct DomainErrorTests {
    @Test("radii refuse an empty sample and an α outside (0, 1)", arguments: [(0, 0.05), (-3, 0.05), (10, 0.0), (10, 1.0), (10, .nan)])
    func radii(n: Int, alpha: Double) {
        #expect(throws: NumericsError.self) { try GoodnessOfFit.dkwRadius(sampleSize: n, alpha: alpha) }
        #expect(throws: NumericsError.self) { try GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: 1, alpha: alpha) }
        #expect(throws: NumericsError.self) { try GoodnessOfFit.twoSampleRadius(n, n, alpha: alpha) }
    }

    @Test("log(Φ(b) - Φ(a)) refuses a > b and NaN, and takes infinite ends")
    func logCDFDifference() throws {
        #expect(throws: NumericsError.self) { try Normal.logCDFDifference(1, 0) }
        #expect(throws: NumericsError.self) { try Normal.logCDFDifference(.nan, 0) }
        #expect(throws: NumericsError.self) { try Normal.logCDFDifference(0, .nan) }
        #expect(try Normal.logCDFDifference(-.infinity, 0.3) == Normal.logCDF(0.3))
        #expect(try Normal.logCDFDifference(0.3, .infinity) == Normal.logSurvival(0.3))
        #expect(try Normal.logCDFDifference(-.infinity, .infinity) == 0)
        #expect(try Normal.cdfDifference(2, 2) == 0)
    }
}
