import Foundation

/// A linear-Gaussian forward process `X_t = m(t) X_0 + s(t) Z`, `Z ~ N(0, I)` (Properties/README.md §1).
///
/// Every sampler derives its update from these four functions: the forward SDE is
/// `dX = f(t) X dt + g(t) dB` with
/// ```
/// f(t) = d log m / dt,        g(t)² = d s² / dt - 2 f(t) s(t)²,
/// ```
/// so the probability-flow ODE is `dx/dt = f x - ½ g² ∇log p_t(x)` and the reverse SDE is
/// `dx = [f x - g² ∇log p_t(x)] dt + g dB̄`.
public enum NoiseSchedule: Sendable, Equatable, Codable {
    /// Ornstein–Uhlenbeck `dX = -X dt + √2 dB` ([G1]): `m = e^{-t}`, `s² = 1 - e^{-2t}`, `t ∈ (0, ∞)`.
    case ou
    /// Variance preserving with linear β ([DDPM]): discrete `β_i` from `betaMin` to `betaMax` over
    /// `steps` steps, in continuous time `t ∈ (0, 1]` with `β(t) = N(βmin + (βmax - βmin) t)`,
    /// `log m = -½ N (βmin t + ½(βmax - βmin) t²)`, `s² = 1 - m²`.
    case vpLinear(betaMin: Double, betaMax: Double, steps: Int)
    /// Variance preserving, cosine ᾱ (Nichol & Dhariwal): `m = cos θ(t)/cos θ(0)`,
    /// `θ(t) = (t + offset)/(1 + offset)·π/2`, `t ∈ (0, 1)`.
    case vpCosine(offset: Double)
    /// Variance exploding, EDM convention ([G3]): `m = 1`, `s = t = σ`, `σ ∈ [sigmaMin, sigmaMax]`.
    case ve(sigmaMin: Double, sigmaMax: Double)

    /// The DDPM setting of [G1]'s MNIST experiment uses 400 steps; 1000 is the usual default.
    public static let ddpmLinear = NoiseSchedule.vpLinear(betaMin: 1e-4, betaMax: 0.02, steps: 1000)
    public static let cosine = NoiseSchedule.vpCosine(offset: 0.008)
    public static let edm = NoiseSchedule.ve(sigmaMin: 0.002, sigmaMax: 80)

    /// Signal scale `m(t)`.
    public func m(_ t: Double) -> Double {
        switch self {
        case .ou: return exp(-t)
        case .vpLinear: return exp(logM(t))
        case let .vpCosine(offset): return cos(theta(t, offset)) / cos(theta(0, offset))
        case .ve: return 1
        }
    }

    /// Noise scale `s(t)`.
    public func s(_ t: Double) -> Double {
        switch self {
        case .ou: return (-expm1(-2 * t)).squareRoot()
        case .vpLinear: return (-expm1(2 * logM(t))).squareRoot()
        case .vpCosine: return max(0, 1 - m(t) * m(t)).squareRoot()
        case .ve: return t
        }
    }

    /// Drift coefficient `f(t) = d log m/dt`.
    public func f(_ t: Double) -> Double {
        switch self {
        case .ou: return -1
        case let .vpLinear(bMin, bMax, n): return -0.5 * Double(n) * (bMin + (bMax - bMin) * t)
        case let .vpCosine(offset): return -tan(theta(t, offset)) * Double.pi / (2 * (1 + offset))
        case .ve: return 0
        }
    }

    /// Squared diffusion coefficient `g(t)² = d s²/dt - 2 f s²` (= `-2f` for variance-preserving
    /// processes, `2σ` for VE).
    public func gSquared(_ t: Double) -> Double {
        switch self {
        case .ou, .vpLinear, .vpCosine: return -2 * f(t)
        case .ve: return 2 * t
        }
    }

    /// Whether `m² + s² = 1` (DDPM and DDIM need it).
    public var isVariancePreserving: Bool {
        if case .ve = self { return false }
        return true
    }

    /// The default start time `T` of the reverse process.
    public var defaultHorizon: Double {
        switch self {
        case .ou: return 10
        case .vpLinear: return 1
        case .vpCosine: return 0.999
        case let .ve(_, sigmaMax): return sigmaMax
        }
    }

    /// The default end time of the reverse process: close to 0 where the scores stay finite
    /// (`s ≈ 0.014` for OU, `σmin` for VE). The output then has the law `p_{tEnd}`, which the
    /// tests compute exactly.
    public var defaultEnd: Double {
        switch self {
        case .ou, .vpLinear, .vpCosine: return 1e-4
        case let .ve(sigmaMin, _): return sigmaMin
        }
    }

    /// The standard deviation of the sampler's start law: `N(0, I)` for variance-preserving
    /// processes (a mismatch of order `m(T)`), `N(0, σmax² I)` for VE.
    public func startStandardDeviation(horizon: Double) -> Double {
        isVariancePreserving ? 1 : horizon
    }

    /// The largest time at which the schedule is defined.
    public var maximumTime: Double {
        switch self {
        case .ou: return 50
        case .vpLinear: return 1
        case .vpCosine: return 1 - 1e-9
        case let .ve(_, sigmaMax): return sigmaMax
        }
    }

    private func logM(_ t: Double) -> Double {
        guard case let .vpLinear(bMin, bMax, n) = self else { return log(m(t)) }
        return -0.5 * Double(n) * (bMin * t + 0.5 * (bMax - bMin) * t * t)
    }

    private func theta(_ t: Double, _ offset: Double) -> Double {
        (t + offset) / (1 + offset) * Double.pi / 2
    }
}
