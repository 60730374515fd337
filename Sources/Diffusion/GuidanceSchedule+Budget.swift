import GuidanceNumerics

extension NoiseSchedule {
    /// `∫_a^b g(t)² dt` of the schedule's own `gSquared` (QAGS at relative 1e-12; g² is smooth on
    /// `(0, maximumTime]`, so the result is exact to a few ulps for the linear and constant g² of
    /// OU, VP-linear and VE, and to 1e-12 relative for VP-cosine).
    public func gSquaredIntegral(from a: Double, to b: Double) throws -> Double {
        try Quadrature.integrate({ gSquared($0) }, from: a, to: b, relativeTolerance: 1e-12).value
    }
}

extension GuidanceSchedule {
    /// The guidance budget of a run from `horizon` down to `end`, `B = ∫_end^T w(t) g(t)² dt`: how
    /// far guidance moves the drift, integrated over the run (Kynkäänniemi et al.'s windows are
    /// compared with constant guidance at equal B).
    ///
    /// `window(budgetOf:…)` spends the budget of constant `w` on `[lower, upper]` alone:
    /// ```
    /// w_window = w · ∫_end^T g² dt / ∫_lower^upper g² dt,   w_window · ∫_lower^upper g² dt = B = w ∫_end^T g² dt,
    /// ```
    /// both integrals by `NoiseSchedule.gSquaredIntegral` (the window `[end, T]` gets w itself, the
    /// ratio being exactly 1). Throws when the window is not inside `[end, T]` or its w exceeds
    /// `maximumW`.
    public static func window(budgetOf w: Double, lower: Double, upper: Double, schedule: NoiseSchedule, horizon: Double, end: Double) throws -> GuidanceSchedule {
        guard end <= lower, lower < upper, upper <= horizon else {
            throw ModelError(field: "guidance.lower", value: "[\(lower), \(upper)]", allowed: "a window inside the run [\(end), \(horizon)], lower < upper")
        }
        let share = try schedule.gSquaredIntegral(from: end, to: horizon) / schedule.gSquaredIntegral(from: lower, to: upper)
        return try GuidanceSchedule.interval(w: w * share, lower: lower, upper: upper).validated()
    }
}
