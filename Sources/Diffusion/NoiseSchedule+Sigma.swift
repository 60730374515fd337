import Foundation

extension NoiseSchedule {
    /// The noise level `σ(t) = s(t)/m(t)` (the VE-equivalent noise: `x_t/m(t) = x_0 + σ(t) Z`),
    /// increasing in t for every process.
    public func sigma(_ t: Double) -> Double { s(t) / m(t) }

    /// The time at which `σ(t) = sigma`, in closed form (`log(1 + σ²) = -2 log m(t)` for the
    /// variance-preserving processes, `t = σ` for VE):
    /// ```
    /// ou:         t = ½ log(1 + σ²)
    /// vp-linear:  n (β_min t + ½ (β_max - β_min) t²) = log(1 + σ²)        (the positive root)
    /// vp-cosine:  cos θ(t) = cos θ(0) / √(1 + σ²),  θ(t) = (t + offset)/(1 + offset) · π/2
    /// ve:         t = σ
    /// ```
    /// Throws, naming `field`, when σ is not finite and > 0 or its time lies outside
    /// `(0, maximumTime]`. Relative accuracy a few ulps except where the closed forms cancel
    /// (vp-linear's root for σ ≪ 1 is taken in the stable form `2L/(b + √(b² + 2ΔL/n))/n`).
    public func time(atSigma sigma: Double, field: String = "sigma") throws -> Double {
        guard sigma.isFinite, sigma > 0 else {
            throw ModelError(field: field, value: "\(sigma)", allowed: "a noise level σ = s/m, finite and > 0")
        }
        let logOnePlus = log1p(sigma * sigma)
        let t: Double
        switch self {
        case .ou:
            t = 0.5 * logOnePlus
        case let .vpLinear(bMin, bMax, n):
            let l = logOnePlus / Double(n), delta = bMax - bMin
            t = 2 * l / (bMin + (bMin * bMin + 2 * delta * l).squareRoot())
        case let .vpCosine(offset):
            let theta0 = offset / (1 + offset) * Double.pi / 2
            t = acos(cos(theta0) / (1 + sigma * sigma).squareRoot()) * 2 * (1 + offset) / Double.pi - offset
        case .ve:
            t = sigma
        }
        guard t.isFinite, t > 0, t <= maximumTime else {
            throw ModelError(
                field: field, value: "\(sigma)",
                allowed: "a noise level reached at a time in (0, \(maximumTime)] (σ ≤ \(self.sigma(maximumTime)))")
        }
        return t
    }
}
