import Diffusion
import Foundation
import GuidanceNumerics
import Testing

@Suite("Tilted law")
struct TiltedLawTests {
    /// `½N(1,1) + ½N(-1,1)`, class +: `p^{+,w} ∝ N(x; 1, 1) sigmoid(2x)^w` (Properties/README.md G1.1).
    static func gaussianPair() throws -> Mixture {
        let spec = MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 0.5, components: [.gaussian(mean: [1], cov: [[1]])]),
            .init(weight: 0.5, components: [.gaussian(mean: [-1], cov: [[1]])]),
        ])
        return try spec.build().mixture
    }

    /// Far from the mass on either side the CDF is 0 or 1, and the quantiles the notebooks ask for
    /// (levels Φ(±3.7)) exist: the CDF once integrated [-∞, 60] from the left and missed the mass.
    @Test func cdfIsRightFarFromTheMass() throws {
        let law = try TiltedLaw(mixture: try Self.gaussianPair(), classIndex: 0, w: 4)
        #expect(try law.cdf(60) == 1)
        #expect(try law.cdf(-60) < 1e-100)
        for q in [Normal.cdf(-3.7), 0.5, Normal.cdf(3.7)] {
            #expect(abs(try law.cdf(try law.quantile(q)) - q) < 1e-9)
        }
    }

    /// At w = 0 the tilted law is the class law N(1, 1): its CDF is Φ(x - 1) on both sides of the mode.
    @Test func untiltedIsTheClassLaw() throws {
        let law = try TiltedLaw(mixture: try Self.gaussianPair(), classIndex: 0, w: 0)
        for x in [-3.0, 0, 1, 2.5, 5] {
            #expect(abs(try law.cdf(x) - Normal.cdf(x - 1)) < 1e-9)
        }
    }
}
