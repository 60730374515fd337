import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// The Gaussian data of the [G3] closed-form claims: `N(μ, S)` with `S = B Bᵀ`, B a `d × r`
/// matrix, so that `d - r` directions have zero variance when `r < d`.
public struct GaussianData: Codable, Sendable, Equatable {
    public var mean: [Double]
    /// Row-major `d × rank`.
    public var factor: [Double]
    public var rank: Int

    public init(mean: [Double], factor: [Double], rank: Int) {
        self.mean = mean
        self.factor = factor
        self.rank = rank
    }

    public var dimension: Int { mean.count }

    public var covariance: [Double] {
        let d = dimension, r = rank
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0...i {
            var v = 0.0
            for k in 0..<r { v += factor[i * r + k] * factor[j * r + k] }
            c[i * d + j] = v
            c[j * d + i] = v
        } }
        return c
    }

    public static func generate(_ g: inout CaseGenerator, dimension: ClosedRange<Int>) -> GaussianData {
        let d = g.int(in: dimension)
        let rank = g.int(in: 0...d)
        return GaussianData(mean: (0..<d).map { _ in g.double(in: -2...2) }, factor: (0..<(d * rank)).map { _ in g.normal() / Double(max(rank, 1)).squareRoot() }, rank: rank)
    }

    /// The probability-flow velocity of `N(μ, S)` under `schedule`, in forward time:
    /// `dx/dt = f x - ½ g² ∇log p_t(x)`, `∇log p_t(x) = -(m² S + s² I)⁻¹ (x - m μ)`, through a
    /// Cholesky solve at every evaluation (independent of the eigendecomposition the closed form
    /// uses). `S + (s/m)² I` is positive definite for every t > 0 even when S is singular.
    public func velocity(schedule: NoiseSchedule) -> AdaptiveODE.RightHandSide {
        let d = dimension, s0 = covariance, mu = mean
        return { t, y, dydt in
            let m = schedule.m(t), s = schedule.s(t)
            var c = s0.map { $0 * m * m }
            for i in 0..<d { c[i * d + i] += s * s }
            guard let chol = try? Cholesky(c, dimension: d) else {
                for i in 0..<d { dydt[i] = .nan }
                return
            }
            var r = (0..<d).map { y[$0] - m * mu[$0] }
            r.withUnsafeMutableBufferPointer { chol.solveLower($0); chol.solveUpper($0) }
            let f = schedule.f(t), g2 = schedule.gSquared(t)
            for i in 0..<d { dydt[i] = f * y[i] + 0.5 * g2 * r[i] }
        }
    }
}
