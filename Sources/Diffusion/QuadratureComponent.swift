import Foundation
import GuidanceNumerics

/// Any compactly supported 1-D density `q` on `[a, b]`, given as a function, noised by adaptive
/// quadrature of the convolution (GSL QAGS):
/// ```
/// p_t(x) = ∫_a^b q(y) φ_s(x - m y) dy,      ∇log p_t(x) = -(1/s) E[u],  u = (x - m y)/s
/// ```
/// In log space: the Gaussian factor is divided by its largest value on `[a, b]` (at
/// `y* = clamp(x/m, a, b)`, where `u* = (x - m y*)/s`), and the integral runs over
/// `y* ± (s/m) Δ ∩ [a, b]` with `Δ = sqrt(u*² + 120) - |u*|`: a step of `Δu` away from `u*`
/// lowers the factor by `e^{-Δu(Δu + 2|u*|)/2}`, which is `e^{-60}` at `Δu = Δ` (about 11 inside
/// the support, `60/|u*|` far beyond an end), so the window holds everything above `e^{-60}` of
/// the peak, a narrow kernel is never missed and nothing underflows far out. The relative
/// tolerance is `relativeTolerance` (1e-10 by default); an evaluation that cannot reach it
/// throws `NumericsError.notConverged`.
///
/// `q` need not be normalised: the constant is found by quadrature when the component is built.
/// It must be positive inside `(a, b)` (checked on a grid): the window above assumes the mass
/// near `y*` is not zero over a stretch; a density with gaps is a piecewise component.
public struct QuadratureComponent: Component {
    public let lower: Double
    public let upper: Double
    public let relativeTolerance: Double
    /// The normalised density.
    public let density: @Sendable (Double) -> Double
    public let mean: [Double]
    public let covariance: [Double]
    private let envelope: Double
    /// The form `q(y) = g(y)(y - lower)^p (upper - y)^q` with a smooth g, when the density was
    /// given so; g normalised like the density.
    let endpointPowers: EndpointPowers?

    /// A density `g(y)(y - lower)^p (upper - y)^q` with g smooth on `[lower, upper]` and
    /// `p, q > -1`: where the quadrature window reaches an end, the noised integrals take the
    /// power there as QAWS's weight (`Quadrature.integrate(_:from:to:endpointPowers:_:)`) instead
    /// of bisecting towards the cusp.
    public struct EndpointPowers: Sendable {
        public let lowerPower: Double, upperPower: Double
        public let smooth: @Sendable (Double) -> Double

        public init(lowerPower: Double, upperPower: Double, smooth: @escaping @Sendable (Double) -> Double) {
            (self.lowerPower, self.upperPower, self.smooth) = (lowerPower, upperPower, smooth)
        }
    }

    /// Builds the component from an unnormalised density `q ≥ 0` on `[lower, upper]`.
    /// `envelope`, an upper bound of `q`, is used for rejection sampling; it is checked on a grid.
    /// `endpointPowers`, if given, must describe the same q (checked on the grid to 1e-12).
    public init(
        lower: Double, upper: Double, relativeTolerance: Double = 1e-10,
        endpointPowers: EndpointPowers? = nil, density q: @escaping @Sendable (Double) -> Double
    ) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw ModelError(field: "upper", value: "\(upper) with lower = \(lower)", allowed: "finite, with lower < upper (a non-empty interval)")
        }
        let grid = (0...512).map { lower + (upper - lower) * Double($0) / 512 }
        for (i, y) in grid.enumerated() where !(q(y).isFinite && (q(y) > 0 || i == 0 || i == grid.count - 1) && q(y) >= 0) {
            throw ModelError(field: "density", value: "q(\(y)) = \(q(y))", allowed: "finite, and > 0 inside (lower, upper)")
        }
        // The moments in r = (y - lower)/width ∈ [0, 1], so that nothing cancels however narrow
        // or far out the interval is.
        let width = upper - lower
        let qr = { (r: Double) in q(lower + width * r) }
        let massR = try Quadrature.integrate(qr, from: 0, to: 1, relativeTolerance: 1e-12).value
        guard massR > 0 else { throw ModelError(field: "density", value: "integral \(massR * width)", allowed: "positive mass") }
        let meanR = try Quadrature.integrate({ $0 * qr($0) }, from: 0, to: 1, relativeTolerance: 1e-12).value / massR
        let varianceR = try Quadrature.integrate({ ($0 - meanR) * ($0 - meanR) * qr($0) }, from: 0, to: 1, relativeTolerance: 1e-12).value / massR
        let total = massR * width, m1 = lower + width * meanR, m2 = width * width * varianceR
        self.lower = lower
        self.upper = upper
        self.relativeTolerance = relativeTolerance
        self.density = { y in y < lower || y > upper ? 0 : q(y) / total }
        self.mean = [m1]
        self.covariance = [m2]
        self.envelope = 1.25 * grid.map(q).max()! / total
        if let powers = endpointPowers {
            for (field, power) in [("endpointPowers.lowerPower", powers.lowerPower), ("endpointPowers.upperPower", powers.upperPower)]
            where !(power.isFinite && power > -1) {
                throw ModelError(field: field, value: "\(power)", allowed: "a finite number > -1 (an integrable power)")
            }
            for y in grid.dropFirst().dropLast() {
                let form = powers.smooth(y) * pow(y - lower, powers.lowerPower) * pow(upper - y, powers.upperPower)
                guard abs(form - q(y)) <= 1e-12 * q(y) else {
                    throw ModelError(field: "endpointPowers", value: "g(y)(y - lower)^p (upper - y)^q = \(form) at y = \(y)", allowed: "the density q(y) = \(q(y)) (to 1e-12)")
                }
            }
            self.endpointPowers = EndpointPowers(
                lowerPower: powers.lowerPower, upperPower: powers.upperPower, smooth: { y in powers.smooth(y) / total })
        } else {
            self.endpointPowers = nil
        }
    }

    /// The Beta(α, β) law stretched onto `[lower, upper]` (smooth bumps for α, β > 1, ramps and
    /// U-shapes otherwise); its density is `BetaDensity` (GSL's form and `ln B`).
    public static func beta(lower: Double, upper: Double, alpha: Double, beta: Double) throws -> QuadratureComponent {
        try ModelError.require("alpha", alpha, in: 1...1e3, "a number in [1, 1000] (bounded density)")
        try ModelError.require("beta", beta, in: 1...1e3, "a number in [1, 1000] (bounded density)")
        let width = upper - lower, density = try BetaDensity(alpha: alpha, beta: beta)
        // pdf(r) = r^{α-1}(1 - r)^{β-1}/B with r = (y - lower)/width: g = 1/(B width^{α+β-2}).
        let g = exp(density.logNormaliser - (alpha + beta - 2) * log(width))
        let powers = EndpointPowers(lowerPower: alpha - 1, upperPower: beta - 1) { _ in g }
        return try QuadratureComponent(lower: lower, upper: upper, endpointPowers: powers) { y in density.pdf((y - lower) / width) }
    }

    public var dimension: Int { 1 }

    public var bounds: (lower: [Double], upper: [Double]) { ([lower], [upper]) }

    public func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double { log(density(x[0])) }

    public func noised(m: Double, s: Double) throws -> any NoisedComponent {
        NoisedQuadrature(component: self, m: m, s: s)
    }

    public func contains(_ x: UnsafeBufferPointer<Double>) -> Bool { x[0] >= lower && x[0] <= upper }

    /// Rejection sampling under the envelope found at construction.
    public func sample(using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>) {
        while true {
            let y = lower + (upper - lower) * stream.nextUniform()
            if stream.nextUniform() * envelope <= density(y) {
                x[0] = y
                return
            }
        }
    }
}

struct NoisedQuadrature: NoisedComponent {
    let component: QuadratureComponent
    let m: Double
    let s: Double

    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double {
        let c = component, xv = x[0]
        let peak = min(max(xv / m, c.lower), c.upper)
        let uPeak = (xv - m * peak) / s
        let halfWidth = s / m * (120 / ((uPeak * uPeak + 120).squareRoot() + abs(uPeak)))  // sqrt(u*² + 120) - |u*|
        let a = max(c.lower, peak - halfWidth), b = min(c.upper, peak + halfWidth)
        // Integrand scaled by exp(u*²/2): q(y) exp(-(u² - u*²)/2); with endpoint powers and a
        // window that reaches an end with a non-integer power, that power is QAWS's weight and the
        // rest the integrand.
        let integrate: ((Double) -> Double, Double) throws -> Estimate
        // (An integer power is smooth: QAGS's first 21-point pass is then usually exact, and
        // faster than QAWS's Clenshaw–Curtis pass, so only non-integer powers become weights.)
        let cusp = { (power: Double) in power != power.rounded() }
        let (lower, upper) = (c.lower, c.upper)
        let atLower = c.endpointPowers.map { a == lower && cusp($0.lowerPower) } ?? false
        let atUpper = c.endpointPowers.map { b == upper && cusp($0.upperPower) } ?? false
        if let powers = c.endpointPowers, atLower || atUpper {
            integrate = { moment, absolute in
                try Quadrature.integrate({ y in
                    var smooth = powers.smooth(y) * moment(y)
                    if !atLower { smooth *= pow(y - lower, powers.lowerPower) }
                    if !atUpper { smooth *= pow(upper - y, powers.upperPower) }
                    return smooth
                }, from: a, to: b, endpointPowers: atLower ? powers.lowerPower : 0, atUpper ? powers.upperPower : 0,
                absoluteTolerance: absolute, relativeTolerance: c.relativeTolerance)
            }
        } else {
            integrate = { moment, absolute in
                try Quadrature.integrate({ y in c.density(y) * moment(y) }, from: a, to: b, absoluteTolerance: absolute, relativeTolerance: c.relativeTolerance)
            }
        }
        let i0 = try integrate({ y in
            let u = (xv - m * y) / s
            return exp(-0.5 * (u - uPeak) * (u + uPeak))
        }, 0)
        let i1 = try integrate({ y in
            let u = (xv - m * y) / s
            return u * exp(-0.5 * (u - uPeak) * (u + uPeak))
        }, c.relativeTolerance * i0.value * max(1, abs(uPeak)))
        guard i0.value > 0 else {
            throw NumericsError.notConverged(routine: "QuadratureComponent", detail: "zero mass near x = \(xv)")
        }
        score[0] = -(i1.value / i0.value) / s
        // p_t = ∫ q(y) φ(u)/s dy = e^{-u*²/2} / (√(2π) s) · i0.
        return log(i0.value) - 0.5 * uPeak * uPeak - Normal.logSqrt2Pi - log(s)
    }
}
