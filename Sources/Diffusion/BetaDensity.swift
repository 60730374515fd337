@preconcurrency import CGSL

/// The Beta(α, β) density on [0, 1], from GSL.
enum BetaDensity {
    static func pdf(_ r: Double, _ alpha: Double, _ beta: Double) -> Double {
        guard r >= 0, r <= 1 else { return 0 }
        return gsl_ran_beta_pdf(r, alpha, beta)
    }
}
