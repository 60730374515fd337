import Foundation

/// Tweedie's formula for the data prediction at noise level `(m, s)` (`x = m x₀ + s ε`):
/// ```
/// x̂₀ = (x - s ε̂)/m,    ε̂ = -s ∇log p_t(x),   so   x̂₀ = (x + s² ∇log p_t(x))/m,
/// ```
/// one coordinate at a time. DDIM/DDPM (`StepPlan`) hold the noise prediction ε̂ and call the
/// first form; DPM-Solver++ (`DPMSolver.swift`) holds the score and `s²` and calls the second,
/// which is the first with `s → s²`, `ε̂ → -score`: `(x - s²·(-g))/m` is `(x + s² g)/m` exactly
/// (negation is exact), so each caller gets the bits it had when it wrote the formula itself.
public enum Tweedie {
    /// `x̂₀ = (x - s ε̂)/m` from the noise prediction ε̂.
    @inlinable @inline(__always)
    public static func dataPrediction(x: Double, noise epsilon: Double, m: Double, s: Double) -> Double {
        (x - s * epsilon) / m
    }

    /// `x̂₀ = (x + s² g)/m` from the score `g = ∇log p_t(x)`, with `s²` computed once by the caller.
    @inlinable @inline(__always)
    public static func dataPrediction(x: Double, score: Double, m: Double, sSquared: Double) -> Double {
        dataPrediction(x: x, noise: -score, m: m, s: sSquared)
    }
}
