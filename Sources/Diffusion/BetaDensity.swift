import Foundation
import GuidanceNumerics
@preconcurrency import CGSL

/// The Beta(α, β) density on [0, 1] for α, β ≥ 1,
/// `r^{α-1} (1 - r)^{β-1} / B(α, β)`, in GSL's form (`gsl_ran_beta_pdf`:
/// `exp(-ln B + (α - 1) ln r + (β - 1) ln1p(-r))`) with `ln B(α, β)` from `gsl_sf_lnbeta_e`
/// once, not three `lngamma` calls per point: the quadrature-backed component evaluates it
/// dozens of times per noised score wherever its window does not reach a cusped end.
struct BetaDensity: Sendable {
    let alpha: Double, beta: Double
    /// `-ln B(α, β)`.
    let logNormaliser: Double

    /// Throws `NumericsError.gsl` if GSL cannot compute `ln B(α, β)`.
    init(alpha: Double, beta: Double) throws {
        GSL.disableAbortHandler()
        var result = gsl_sf_result()
        let status = gsl_sf_lnbeta_e(alpha, beta, &result)
        guard status == GSL_SUCCESS, result.val.isFinite else {
            throw NumericsError.gsl(routine: "gsl_sf_lnbeta_e", status: status, reason: "ln B(\(alpha), \(beta)) = \(result.val)")
        }
        (self.alpha, self.beta, logNormaliser) = (alpha, beta, -result.val)
    }

    /// The density at r; 0 outside [0, 1]. At r = 0 (or 1) it is `1/B` when α = 1 (β = 1), else 0.
    func pdf(_ r: Double) -> Double {
        guard r > 0, r < 1 else {
            guard r == 0 || r == 1 else { return 0 }
            return (r == 0 ? alpha : beta) == 1 ? exp(logNormaliser) : 0
        }
        return exp(logNormaliser + (alpha - 1) * log(r) + (beta - 1) * log1p(-r))
    }
}
