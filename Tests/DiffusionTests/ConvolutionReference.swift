import Foundation
import GuidanceNumerics
import Diffusion

/// Independent references for noised densities: GSL quadrature of the convolution integral
/// `p_t(x) = ∫ q(y) φ_s(x - m y) dy` and of its x-derivative, in log space.
enum ConvolutionReference {
    /// `(log p_t(x), ∇log p_t(x))` for a 1-D density q on `[a, b]` with kinks at `breaks`.
    /// The Gaussian factor is scaled by its largest value, at `y* = clamp(x/m)`, and integrated over
    /// the window where it exceeds `e^{-80}` of that value.
    static func compact(_ q: @escaping (Double) -> Double, lower a: Double, upper b: Double, breaks: [Double] = [],
                        x: Double, m: Double, s: Double) throws -> (logDensity: Double, score: Double) {
        let peak = min(max(x / m, a), b)
        let uPeak = (x - m * peak) / s
        let reach = 80 * s / (m * max(1, abs(uPeak)))
        let lo = max(a, peak - reach), hi = min(b, peak + reach)
        let points = (breaks + [peak]).filter { $0 > lo && $0 < hi }
        let scaled = { (y: Double) -> Double in
            let u = (x - m * y) / s
            return q(y) * exp(-0.5 * (u - uPeak) * (u + uPeak))
        }
        let i0 = try Quadrature.integrate(scaled, from: lo, to: hi, relativeTolerance: 1e-12, breakpoints: points)
        let i1 = try Quadrature.integrate({ y in (x - m * y) / s * scaled(y) }, from: lo, to: hi,
                                          absoluteTolerance: 1e-13 * i0.value * max(1, abs(uPeak)), relativeTolerance: 1e-12, breakpoints: points)
        return (log(i0.value) - 0.5 * uPeak * uPeak - Normal.logSqrt2Pi - log(s), -(i1.value / i0.value) / s)
    }

    /// The same for a piecewise-linear density, segment by segment (each with its own window),
    /// combined by log-sum-exp.
    static func piecewise(_ density: PiecewiseLinearDensity, x: Double, m: Double, s: Double) throws -> (logDensity: Double, score: Double) {
        var parts: [(logDensity: Double, score: Double)] = []
        for k in 0..<density.segmentCount where density.left[k] + density.right[k] > 0 {
            let a = density.breaks[k], b = density.breaks[k + 1], qa = density.left[k], qb = density.right[k]
            parts.append(try compact({ qa + (qb - qa) * ($0 - a) / (b - a) }, lower: a, upper: b, x: x, m: m, s: s))
        }
        let total = logSumExp(parts.map(\.logDensity))
        return (total, parts.reduce(0) { $0 + exp($1.logDensity - total) * $1.score })
    }

    /// The same for `N(μ, σ²)`, integrating over 60 widths around the peak of the product of
    /// the two Gaussian factors.
    static func gaussian(mean mu: Double, variance v: Double, x: Double, m: Double, s: Double) throws -> (logDensity: Double, score: Double) {
        let precision = 1 / v + m * m / (s * s)
        let peak = (mu / v + m * x / (s * s)) / precision
        let width = 1 / precision.squareRoot()
        let logQ = { (y: Double) in -0.5 * (y - mu) * (y - mu) / v - 0.5 * log(2 * Double.pi * v) }
        let logK = { (y: Double) in -0.5 * (x - m * y) * (x - m * y) / (s * s) - 0.5 * log(2 * Double.pi * s * s) }
        let top = logQ(peak) + logK(peak)
        let lo = peak - 60 * width, hi = peak + 60 * width
        let i0 = try Quadrature.integrate({ y in exp(logQ(y) + logK(y) - top) }, from: lo, to: hi, relativeTolerance: 1e-12)
        let i1 = try Quadrature.integrate({ y in (x - m * y) / (s * s) * exp(logQ(y) + logK(y) - top) }, from: lo, to: hi,
                                          absoluteTolerance: 1e-13 * i0.value * (abs(x - m * peak) / (s * s) + 1 / s), relativeTolerance: 1e-12)
        return (log(i0.value) + top, -i1.value / i0.value)
    }

    /// A five-point central difference of `f` at x with step h: error `O(h⁴) + O(ε|f|/h)`.
    static func derivative(_ f: (Double) throws -> Double, at x: Double, step h: Double) rethrows -> Double {
        let a = try f(x - 2 * h), b = try f(x - h), c = try f(x + h), d = try f(x + 2 * h)
        return (a - 8 * b + 8 * c - d) / (12 * h)
    }
}

/// Random draws for the tests, from a fixed seed.
struct TestDraws {
    var rng: RandomStream

    init(seed: UInt64) { rng = RandomStream(seed: seed) }

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * rng.nextUniform() }
    mutating func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
}

extension Component {
    /// `(log p_t(x), ∇log p_t(x))` at a single point.
    func noisedValue(_ x: [Double], m: Double, s: Double) throws -> (logDensity: Double, score: [Double]) {
        let noised = try noised(m: m, s: s)
        var score = [Double](repeating: 0, count: x.count)
        let l = try x.withUnsafeBufferPointer { xp in try score.withUnsafeMutableBufferPointer { try noised.evaluate(xp, score: $0) } }
        return (l, score)
    }
}
