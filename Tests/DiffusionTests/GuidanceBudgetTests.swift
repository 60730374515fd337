import Foundation
import Testing
import Diffusion

/// The guidance budget `∫ w(t) g(t)² dt` (`NoiseSchedule.gSquaredIntegral`, `GuidanceSchedule.window(budgetOf:…)`)
/// against closed forms: `2(b - a)` for OU, `b² - a²` for VE, `n (β_min Δt + ½ (β_max - β_min)(b² - a²))` for
/// VP-linear, and `2 log(m(a)/m(b))` for every variance-preserving process (`g² = -2f`, `m = exp ∫ f`).
struct GuidanceBudgetTests {
    static func closedForm(_ schedule: NoiseSchedule, _ a: Double, _ b: Double) -> Double {
        switch schedule {
        case .ou: return 2 * (b - a)
        case .ve: return b * b - a * a
        case let .vpLinear(bMin, bMax, n): return Double(n) * (bMin * (b - a) + 0.5 * (bMax - bMin) * (b * b - a * a))
        case .vpCosine: return 2 * log(schedule.m(a) / schedule.m(b))
        }
    }

    @Test("∫ g² dt matches the closed form of every process", arguments: [NoiseSchedule.ou, .ddpmLinear, .cosine, .edm])
    func integralMatchesClosedForm(_ schedule: NoiseSchedule) throws {
        for (a, b) in [(1e-3, 0.25), (0.5, 0.9), (schedule.defaultEnd, schedule.defaultHorizon)] {
            let exact = Self.closedForm(schedule, a, b)
            #expect(abs(try schedule.gSquaredIntegral(from: a, to: b) - exact) <= 1e-11 * exact)
        }
    }

    @Test("a window spends the budget of constant w: w_window ∫_window g² = w ∫_run g², and the whole run gets w itself")
    func windowKeepsTheBudget() throws {
        let schedule = NoiseSchedule.ddpmLinear
        let window = try GuidanceSchedule.window(budgetOf: 2, lower: 1e-3, upper: 0.25, schedule: schedule, horizon: 1, end: 1e-3)
        guard case let .interval(w, lower, upper) = window else { Issue.record("not an interval: \(window)"); return }
        #expect(lower == 1e-3 && upper == 0.25)
        #expect(abs(w * Self.closedForm(schedule, 1e-3, 0.25) - 2 * Self.closedForm(schedule, 1e-3, 1)) <= 1e-11 * w)
        let whole = try GuidanceSchedule.window(budgetOf: 2, lower: 1e-3, upper: 1, schedule: schedule, horizon: 1, end: 1e-3)
        #expect(whole == .interval(w: 2, lower: 1e-3, upper: 1))
        #expect(throws: ModelError.self) { try GuidanceSchedule.window(budgetOf: 2, lower: 1e-4, upper: 0.5, schedule: schedule, horizon: 1, end: 1e-3) }
    }
}
