import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// The score-error family of Properties/README.md G1.4: its `L2(p_t)` norm against a closed form, the 2-D
/// iterated quadrature against the 1-D one, the slab profile against the bump, and bad input.
struct ScoreErrorModelTests {
    /// Class 0 is `N(mean, v I)`, class 1 a far-away Gaussian; OU.
    static func gaussianClasses(mean: [Double], variance v: Double) throws -> Mixture {
        let d = mean.count
        let cov = (0..<d).map { i in (0..<d).map { i == $0 ? v : 0 } }
        return try MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 0.5, components: [.gaussian(mean: mean, cov: cov)]),
            .init(weight: 0.5, components: [.gaussian(mean: mean.map { -$0 - 3 }, cov: cov)]),
        ]).build().mixture
    }

    @Test("the bump's L2(p_t(·|c)) norm matches its closed form (1e-7)", arguments: [0.05, 0.5, 2.0])
    func bumpNormClosedForm(t: Double) throws {
        let (mu, v, x0, r, level) = (0.7, 0.3, 2.5, 0.4, 0.02)
        let error = try ScoreErrorModel(level: level, direction: [1], profile: .bump(center: [x0], width: r),
                                        target: .conditional, scaling: .inverseVariance)
        let norm = try error.l2Norm(mixture: Self.gaussianClasses(mean: [mu], variance: v), classIndex: 0, at: t, schedule: .ou)
        // ∫ e^{-(x-x₀)²/r²} N(x; mμ, m²v + s²) dx = √π r · N(mμ; x₀, r²/2 + m²v + s²).
        let m = exp(-t), s2 = -expm1(-2 * t)
        let variance = 0.5 * r * r + m * m * v + s2
        let overlap = Double.pi.squareRoot() * r * exp(-0.5 * pow(m * mu - x0, 2) / variance) / (2 * Double.pi * variance).squareRoot()
        let exact = level / s2 * overlap.squareRoot()
        #expect(abs(norm.value - exact) <= 1e-7 * exact, "t = \(t): \(norm) vs \(exact)")
        #expect(norm.error <= 1e-6 * exact)
    }

    @Test("in 2-D the slab's norm on a product law equals the 1-D bump's on its marginal (1e-7)")
    func slabNormInTwoDimensions() throws {
        let plane = try Self.gaussianClasses(mean: [0.7, -1.2], variance: 0.3)
        let line = try Self.gaussianClasses(mean: [0.7], variance: 0.3)
        for t in [0.05, 0.5] {
            let slab = try ScoreErrorModel(level: 0.02, direction: [1, 0], profile: .slab(center: [2.5, 9], width: 0.4),
                                           target: .conditional, scaling: .inverseVariance)
            let bump = try ScoreErrorModel(level: 0.02, direction: [1], profile: .bump(center: [2.5], width: 0.4),
                                           target: .conditional, scaling: .inverseVariance)
            let a = try slab.l2Norm(mixture: plane, classIndex: 0, at: t, schedule: .ou)
            let b = try bump.l2Norm(mixture: line, classIndex: 0, at: t, schedule: .ou)
            #expect(abs(a.value - b.value) <= 1e-7 * b.value, "t = \(t): 2-D \(a) vs 1-D \(b)")
        }
    }

    @Test("the slab is constant along the directions orthogonal to the error and is the bump in 1-D")
    func slabProfile() throws {
        let slab = try ScoreErrorModel(level: 1, direction: [3, 4], profile: .slab(center: [1, 1], width: 0.5))
        func perturbation(_ model: ScoreErrorModel, _ x: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { model.perturbGuidedScore(p, w: 0, s: 1, $0) } }
            return out
        }
        // Moving along (-4, 3) ⟂ (3, 4) leaves the error unchanged; along (3, 4)/5 by 0.5 it falls by e^{-1/2}.
        let base = perturbation(slab, [1.2, 0.9]), moved = perturbation(slab, [1.2 - 4 * 7, 0.9 + 3 * 7])
        #expect(zip(base, moved).allSatisfy { abs($0 - $1) <= 1e-14 * abs($0) })
        let centre = perturbation(slab, [1, 1]), across = perturbation(slab, [1 + 0.3, 1 + 0.4])
        #expect(abs(across[0] / centre[0] - exp(-0.5)) <= 1e-14)
        for x in [-2.0, 0.3, 1.7] {
            let s1 = try ScoreErrorModel(level: 0.1, direction: [-2], profile: .slab(center: [0.5], width: 0.7))
            let b1 = try ScoreErrorModel(level: 0.1, direction: [-2], profile: .bump(center: [0.5], width: 0.7))
            #expect(perturbation(s1, [x]) == perturbation(b1, [x]))
        }
    }

    @Test("bad error models are typed errors naming the field")
    func badInput() {
        func field(_ make: () throws -> ScoreErrorModel) -> String? {
            do { _ = try make(); return nil } catch let error as ModelError { return error.field } catch { return "\(error)" }
        }
        #expect(field { try ScoreErrorModel(level: 1, direction: [0, 0], profile: .slab(center: [0, 0], width: 1)) } == "direction")
        #expect(field { try ScoreErrorModel(level: 1, direction: [1, 0], profile: .slab(center: [0], width: 1)) } == "center")
        #expect(field { try ScoreErrorModel(level: 1, direction: [1], profile: .slab(center: [0], width: 0)) } == "width")
        #expect(field { try ScoreErrorModel(level: -1, direction: [1], profile: .constant) } == "level")
        #expect(field { try ScoreErrorModel(level: 1, direction: [.nan], profile: .constant) } == "direction")
    }
}
