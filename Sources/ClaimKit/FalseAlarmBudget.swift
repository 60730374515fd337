import Foundation

/// The suite's false-alarm budget: the probability that a run reports a statistical failure of
/// a claim that holds is at most `total` (1e-6 per run by default), split by Bonferroni over
/// every statistical test the run's registry declares:
///
/// ```
/// alpha per test = total / Σ_claims (cases at the profile × statistical tests per case)
/// ```
/// Exact claims declare 0 tests and take nothing from the budget. The union bound needs no
/// independence between tests.
public struct FalseAlarmBudget: Sendable, Equatable {
    /// The default budget of one run of the whole suite.
    public static let suiteTotal = 1e-6

    public let total: Double
    /// Σ cases × tests per case over the registry.
    public let testCount: Int

    public init(total: Double = FalseAlarmBudget.suiteTotal, testCount: Int) {
        self.total = total
        self.testCount = max(testCount, 0)
    }

    /// The budget over `claims` run at `profile`.
    public init(total: Double = FalseAlarmBudget.suiteTotal, claims: [AnyClaim], profile: Profile) {
        self.init(total: total, testCount: claims.reduce(0) { $0 + $1.statisticalTests(at: profile) })
    }

    /// `total / testCount`, or `total` when the registry declares no statistical test.
    public var alphaPerTest: Double { total / Double(max(testCount, 1)) }

    /// E.g. `false-alarm budget 1e-06 per run over 4200 statistical tests: alpha = 2.38e-10 per test`.
    public var summaryLine: String {
        "false-alarm budget \(String(format: "%.3g", total)) per run over \(testCount) statistical tests: "
            + "alpha = \(String(format: "%.3g", alphaPerTest)) per test"
    }
}
