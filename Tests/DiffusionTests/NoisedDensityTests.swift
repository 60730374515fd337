import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// Every closed-form noised density and score against GSL quadrature of the convolution integral
/// and against a finite difference of the log-density, at random points with |x| up to 40 and
/// OU times t from 1e-4 to 10.
///
/// Tolerances: against quadrature, `1e-8·max(1, |value|)` for log-density and score (quadrature at
/// 1e-12); against the five-point difference `1e-6·max(1, |score|)`, which is what a difference of
/// log-densities as large as 1e7 can resolve in double precision.
struct NoisedDensityTests {
    static let cases = 150

    func check(_ label: String, _ got: (logDensity: Double, score: Double), _ expected: (logDensity: Double, score: Double), tolerance: Double = 1e-8) {
        #expect(abs(got.logDensity - expected.logDensity) <= tolerance * max(1, abs(expected.logDensity)), "\(label): log density \(got.logDensity) vs \(expected.logDensity)")
        #expect(abs(got.score - expected.score) <= tolerance * max(1, abs(expected.score)), "\(label): score \(got.score) vs \(expected.score)")
    }

    func oneDimensional(_ component: any Component, x: Double, t: Double) throws -> (logDensity: Double, score: Double) {
        let v = try component.noisedValue([x], m: NoiseSchedule.ou.m(t), s: NoiseSchedule.ou.s(t))
        return (v.logDensity, v.score[0])
    }

    @Test("piecewise-constant and piecewise-linear densities against quadrature and differences")
    func piecewise() throws {
        var draw = TestDraws(seed: 11)
        for i in 0..<Self.cases {
            let start = draw.uniform(-3, 3)
            let breaks = (0...Int(draw.uniform(1, 4.99))).reduce(into: [start]) { b, _ in b.append(b.last! + draw.logUniform(0.05, 2)) }
            let linear = i % 2 == 1
            let density: PiecewiseLinearDensity = linear
                ? try .linear(breaks: breaks, values: breaks.map { _ in draw.uniform(0, 1) < 0.25 ? 0 : draw.uniform(0.1, 2) } )
                : try .constant(breaks: breaks, heights: breaks.dropLast().map { _ in draw.uniform(0.1, 2) })
            let component = try PiecewiseLinearProduct(factors: [density])
            let x = draw.uniform(-40, 40), t = draw.logUniform(1e-4, 10)
            let m = NoiseSchedule.ou.m(t), s = NoiseSchedule.ou.s(t)
            let got = try oneDimensional(component, x: x, t: t)
            let expected = try ConvolutionReference.piecewise(density, x: x, m: m, s: s)
            check("\(linear ? "linear" : "constant") \(breaks) \(density.left) \(density.right) x \(x) t \(t)", got, expected)
            let h = 1e-3 * min(s, 1 / max(1e-300, abs(got.score)))
            let difference = try ConvolutionReference.derivative({ try oneDimensional(component, x: $0, t: t).logDensity }, at: x, step: h)
            #expect(abs(difference - got.score) <= 1e-6 * max(1, abs(got.score)), "difference \(difference) vs score \(got.score) at x \(x) t \(t)")
        }
    }

    /// One-segment densities take `NormalLinearSegment.shortSeries` at the noised midpoint when
    /// the noised interval is short (most of the OU grid: `m(b - a)/s < 1`), the general kernel
    /// otherwise; points near the support and far out, times from 1e-4 to 10.
    @Test("one-segment densities (uniform intervals, single sloped pieces) against quadrature and differences")
    func singleSegment() throws {
        var draw = TestDraws(seed: 16)
        for i in 0..<Self.cases {
            let a = draw.uniform(-3, 3), b = a + draw.logUniform(0.01, 4)
            let density: PiecewiseLinearDensity = i % 3 == 0
                ? try .linear(breaks: [a, b], values: i % 2 == 0 ? [0, draw.uniform(0.1, 2)] : [draw.uniform(0.1, 2), draw.uniform(0.1, 2)])
                : try .uniform(lower: a, upper: b)
            let component = try PiecewiseLinearProduct(factors: [density])
            let x = i % 4 == 0 ? draw.uniform(-40, 40) : draw.uniform(-5, 5), t = draw.logUniform(1e-4, 10)
            let m = NoiseSchedule.ou.m(t), s = NoiseSchedule.ou.s(t)
            let got = try oneDimensional(component, x: x, t: t)
            let expected = try ConvolutionReference.piecewise(density, x: x, m: m, s: s)
            check("[\(a), \(b)] \(density.left) \(density.right) x \(x) t \(t)", got, expected)
            let h = 1e-3 * min(s, 1 / max(1e-300, abs(got.score)))
            let difference = try ConvolutionReference.derivative({ try oneDimensional(component, x: $0, t: t).logDensity }, at: x, step: h)
            #expect(abs(difference - got.score) <= 1e-6 * max(1, abs(got.score)), "difference \(difference) vs score \(got.score) at x \(x) t \(t)")
        }
    }

    /// A box multiplies its coordinates' scales and takes one log per 64 of them: 150 coordinates
    /// (three logs) against the sum of the 1-D log densities, at times where some coordinates are
    /// short and some not.
    @Test("a 150-coordinate box is the sum of its coordinates", arguments: [0.05, 0.7, 3.0])
    func wideBox(t: Double) throws {
        var draw = TestDraws(seed: 17)
        let lower = (0..<150).map { _ in draw.uniform(-2, 1) }, upper = lower.map { $0 + draw.logUniform(0.1, 3) }
        let x = (0..<150).map { _ in draw.uniform(-3, 3) }
        let m = NoiseSchedule.ou.m(t), s = NoiseSchedule.ou.s(t)
        let joint = try PiecewiseLinearProduct.uniformBox(lower: lower, upper: upper).noisedValue(x, m: m, s: s)
        var total = 0.0
        for i in 0..<150 {
            let single = try PiecewiseLinearProduct.uniformBox(lower: [lower[i]], upper: [upper[i]]).noisedValue([x[i]], m: m, s: s)
            total += single.logDensity
            #expect(joint.score[i] == single.score[0])
        }
        #expect(abs(joint.logDensity - total) <= 1e-13 * abs(total), "\(joint.logDensity) vs \(total)")
    }

    @Test("Gaussian components against quadrature and differences")
    func gaussian() throws {
        var draw = TestDraws(seed: 12)
        for _ in 0..<Self.cases {
            let mu = draw.uniform(-3, 3), v = draw.logUniform(0.01, 4)
            let component = try GaussianComponent(mean: [mu], variance: v)
            let x = draw.uniform(-40, 40), t = draw.logUniform(1e-4, 10)
            let got = try oneDimensional(component, x: x, t: t)
            let expected = try ConvolutionReference.gaussian(mean: mu, variance: v, x: x, m: NoiseSchedule.ou.m(t), s: NoiseSchedule.ou.s(t))
            check("N(\(mu), \(v)) x \(x) t \(t)", got, expected)
        }
    }

    @Test("a 2-D Gaussian with full covariance against its 2×2 closed form and differences")
    func gaussian2D() throws {
        let cov = [1.0, 0.6, 0.6, 0.5]
        let component = try GaussianComponent(mean: [0.5, -1], covariance: cov)
        var draw = TestDraws(seed: 13)
        for _ in 0..<50 {
            let x = [draw.uniform(-40, 40), draw.uniform(-40, 40)], t = draw.logUniform(1e-4, 10)
            let m = NoiseSchedule.ou.m(t), s = NoiseSchedule.ou.s(t)
            let got = try component.noisedValue(x, m: m, s: s)
            let c = [m * m * cov[0] + s * s, m * m * cov[1], m * m * cov[2], m * m * cov[3] + s * s]
            let det = c[0] * c[3] - c[1] * c[2]
            let r = [x[0] - m * 0.5, x[1] + m]
            let inv = [c[3] / det, -c[1] / det, -c[2] / det, c[0] / det]
            let q = r[0] * (inv[0] * r[0] + inv[1] * r[1]) + r[1] * (inv[2] * r[0] + inv[3] * r[1])
            let logp = -0.5 * q - 0.5 * log(det) - log(2 * Double.pi)
            #expect(abs(got.logDensity - logp) <= 1e-10 * max(1, abs(logp)))
            let score = [-(inv[0] * r[0] + inv[1] * r[1]), -(inv[2] * r[0] + inv[3] * r[1])]
            for i in 0..<2 { #expect(abs(got.score[i] - score[i]) <= 1e-10 * max(1, abs(score[i]))) }
        }
    }

    @Test("a uniform box is the product of its coordinates")
    func box() throws {
        let box = try PiecewiseLinearProduct.uniformBox(lower: [1, -2], upper: [2, 0.5])
        let a = try PiecewiseLinearProduct.uniformBox(lower: [1], upper: [2]), b = try PiecewiseLinearProduct.uniformBox(lower: [-2], upper: [0.5])
        let x = [37.0, -39.0]
        let (m, s) = (NoiseSchedule.ou.m(1e-3), NoiseSchedule.ou.s(1e-3))
        let joint = try box.noisedValue(x, m: m, s: s)
        let first = try a.noisedValue([x[0]], m: m, s: s), second = try b.noisedValue([x[1]], m: m, s: s)
        #expect(abs(joint.logDensity - (first.logDensity + second.logDensity)) <= 1e-12 * abs(joint.logDensity))
        #expect(joint.score == [first.score[0], second.score[0]])
        #expect(joint.logDensity.isFinite && joint.logDensity < -1e5)
    }

    @Test("the quadrature-backed component agrees with the closed form of the same density")
    func quadratureComponent() throws {
        let density = try PiecewiseLinearDensity.linear(breaks: [0.5, 1, 2.5], values: [0.2, 2, 0.5])
        let closed = try PiecewiseLinearProduct(factors: [density])
        let quadrature = try QuadratureComponent(lower: 0.5, upper: 2.5) { density.density($0) }
        var draw = TestDraws(seed: 14)
        for _ in 0..<40 {
            let x = draw.uniform(-40, 40), t = draw.logUniform(1e-3, 10)
            check("x \(x) t \(t)", try oneDimensional(quadrature, x: x, t: t), try oneDimensional(closed, x: x, t: t), tolerance: 1e-6)
        }
    }

    @Test("a Beta component against quadrature")
    func beta() throws {
        let component = try QuadratureComponent.beta(lower: -1, upper: 2, alpha: 2.5, beta: 4)
        var draw = TestDraws(seed: 15)
        for _ in 0..<30 {
            let x = draw.uniform(-40, 40), t = draw.logUniform(1e-4, 10)
            let q = component.density
            let expected = try ConvolutionReference.compact(q, lower: -1, upper: 2, x: x, m: NoiseSchedule.ou.m(t), s: NoiseSchedule.ou.s(t))
            check("x \(x) t \(t)", try oneDimensional(component, x: x, t: t), expected, tolerance: 1e-7)
        }
    }

    /// Beta components with non-integer powers take QAWS where the window reaches an end of the
    /// support: against the same density given without its endpoint powers (QAGS throughout),
    /// at points inside, near and far beyond the ends, times 1e-4 to 10.
    @Test("Beta components: QAWS at the ends agrees with QAGS", arguments: [(1.5, 1.5), (1.7, 3.3), (3.9, 2.2)])
    func betaEndpointWeights(alpha: Double, beta: Double) throws {
        let weighted = try QuadratureComponent.beta(lower: -1, upper: 2, alpha: alpha, beta: beta)
        let plain = try QuadratureComponent(lower: -1, upper: 2) { y in weighted.density(y) }
        var draw = TestDraws(seed: 19)
        for i in 0..<40 {
            let x = i % 2 == 0 ? draw.uniform(-1.5, 2.5) : draw.uniform(-40, 40), t = draw.logUniform(1e-4, 10)
            check("Beta(\(alpha), \(beta)) x \(x) t \(t)", try oneDimensional(weighted, x: x, t: t), try oneDimensional(plain, x: x, t: t), tolerance: 1e-9)
        }
    }

    /// `BetaDensity` (GSL's `ln B` once, then GSL's formula) against the textbook form with
    /// Foundation's `lgamma`, at random parameters and points, the ends included; the
    /// component divides by its quadrature-found mass (1 to 1e-12).
    @Test("the Beta density against r^{α-1}(1-r)^{β-1}/B(α, β)")
    func betaDensity() throws {
        var draw = TestDraws(seed: 18)
        for i in 0..<200 {
            let alpha = i % 5 == 0 ? 1 : draw.logUniform(1, 60), beta = i % 7 == 0 ? 1 : draw.logUniform(1, 60)
            let component = try QuadratureComponent.beta(lower: -1, upper: 2, alpha: alpha, beta: beta)
            for point in [0, 1, draw.uniform(0, 1), draw.uniform(0, 1e-3), 1 - draw.uniform(0, 1e-3)] {
                // The r the component sees at y (so that y's rounding is not counted).
                let y = -1 + 3 * point, r = (y + 1) / 3
                let logB = lgamma(alpha) + lgamma(beta) - lgamma(alpha + beta)
                let core = (r == 0 ? (alpha == 1 ? 1 : 0) : pow(r, alpha - 1)) * (r == 1 ? (beta == 1 ? 1 : 0) : pow(1 - r, beta - 1))
                let expected = core * exp(-logB) / 3
                let got = component.density(y)
                #expect(abs(got - expected) <= 1e-12 * max(expected, 1e-300), "Beta(\(alpha), \(beta)) at r = \(r): \(got) vs \(expected)")
            }
        }
    }

    @Test("exact moments of piecewise-linear densities against quadrature")
    func moments() throws {
        let density = try PiecewiseLinearDensity.linear(breaks: [-1, 0.2, 3], values: [0.3, 2, 0])
        let m1 = try Quadrature.integrate({ $0 * density.density($0) }, from: -1, to: 3, breakpoints: [0.2]).value
        let m2 = try Quadrature.integrate({ $0 * $0 * density.density($0) }, from: -1, to: 3, breakpoints: [0.2]).value
        #expect(abs(density.moments.first - m1) < 1e-12)
        #expect(abs(density.moments.second - m2) < 1e-12)
    }
}
