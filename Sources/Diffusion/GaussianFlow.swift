import Foundation

/// The probability-flow ODE of Gaussian data `N(μ, S)`, `S = Σ_k l_k u_k u_kᵀ`, in closed form
/// ([G3] Wang & Vastola 2024, eq. for the Gaussian solution; Properties/README.md G3.1).
///
/// VE (`m = 1`, `s = σ`): the ODE `dx/dσ = (x - D(x; σ))/σ`, `D = μ + S(S + σ²I)⁻¹(x - μ)`,
/// i.e. `dx/dσ = σ (S + σ²I)⁻¹ (x - μ)`, is linear and diagonal in the eigenbasis, so
/// ```
/// x(σ) = μ + Σ_k sqrt((l_k + σ²)/(l_k + σ_0²)) u_k u_kᵀ (x(σ_0) - μ)
/// ```
/// and a direction with `l_k = 0` scales by `σ/σ_0`. A general linear-Gaussian process
/// `X_t = m X_0 + s Z` (VP included) is the VE process of `y = x/m` at `σ = s/m` (the ODE is
/// equivariant under that rescaling: `½g²/m² = ½ d(s/m)²/dt`), so
/// ```
/// x_{t1} = m_1 · [VE flow of x_{t0}/m_0 from σ_0 = s_0/m_0 to σ_1 = s_1/m_1]
/// ```
/// Accuracy: that of the eigendecomposition, `O(d·ε·‖S‖)` in each coefficient; eigenvalues
/// below 0 from rounding are clamped to 0.
public struct GaussianFlow: Sendable {
    public let mean: [Double]
    public let eigen: SymmetricEigen

    public init(mean: [Double], eigen: SymmetricEigen) {
        self.mean = mean
        self.eigen = eigen
    }

    public var dimension: Int { mean.count }

    /// The factor `sqrt((l + σ1²)/(l + σ0²))` of a direction of variance `l`.
    @inline(__always)
    public static func coefficient(variance l: Double, from sigma0: Double, to sigma1: Double) -> Double {
        let v = max(l, 0)
        if v == 0 { return sigma1 / sigma0 }
        return ((v + sigma1 * sigma1) / (v + sigma0 * sigma0)).squareRoot()
    }

    /// The VE flow of `x` from noise level `sigma0` to `sigma1` (both > 0, any order).
    public func ve(_ x: [Double], from sigma0: Double, to sigma1: Double) -> [Double] {
        let d = dimension
        var out = mean
        for k in 0..<d {
            let u = eigen.vectors[k]
            var a = 0.0
            for i in 0..<d { a += u[i] * (x[i] - mean[i]) }
            a *= GaussianFlow.coefficient(variance: eigen.values[k], from: sigma0, to: sigma1)
            for i in 0..<d { out[i] += a * u[i] }
        }
        return out
    }

    /// The flow of `x` from time `t0` to time `t1` of `schedule` (VE, VP or OU).
    public func map(_ x: [Double], from t0: Double, to t1: Double, schedule: NoiseSchedule) -> [Double] {
        let m0 = schedule.m(t0), m1 = schedule.m(t1)
        let y = ve(x.map { $0 / m0 }, from: schedule.s(t0) / m0, to: schedule.s(t1) / m1)
        return y.map { m1 * $0 }
    }
}
