import ClaimKit
import Foundation
import Testing

@Suite("False-alarm budget")
struct FalseAlarmBudgetTests {
    /// A true statistical claim at alpha = 0.05, one DKW test per run, under 400 master seeds:
    /// the false alarms X satisfy X ≤ Bin(400, 0.05) stochastically (DKW–Massart is conservative
    /// for continuous laws). The test allows the smallest k with P(Bin(400, 0.05) ≥ k) ≤ 1e-6,
    /// so a correct harness fails this test with probability below 1e-6.
    @Test func observedFalseAlarmRateIsWithinItsBound() {
        let runs = 400, alpha = 0.05
        let claim = ExampleClaims.uniformDKW().erased
        var alarms = 0
        for seed in 1...runs {
            var configuration = quietConfiguration(seed: UInt64(seed))
            configuration.alphaPerTest = alpha
            if claim.run(configuration).category == .fails { alarms += 1 }
        }
        let limit = binomialUpperQuantile(n: runs, p: alpha, tail: 1e-6)
        #expect(alarms < limit, "\(alarms) false alarms in \(runs) runs at alpha \(alpha); allowed below \(limit)")
    }

    /// The smallest k with P(Bin(n, p) ≥ k) ≤ tail, from the exact pmf in log space.
    func binomialUpperQuantile(n: Int, p: Double, tail: Double) -> Int {
        func logPMF(_ k: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
                + Double(k) * log(p) + Double(n - k) * log1p(-p)
        }
        var upper = 0.0
        for k in stride(from: n, through: 0, by: -1) {
            upper += exp(logPMF(k))
            if upper > tail { return k + 1 }
        }
        return 0
    }

    @Test func bonferroniSplitOverTheRegistry() {
        let claims = [ExampleClaims.uniformDKW(cases: 30).erased, ExampleClaims.sumBelow100().erased,
                      ExampleClaims.uniformDKW(cases: 20).erased]
        let budget = FalseAlarmBudget(claims: claims, profile: .ci)
        #expect(budget.total == 1e-6)
        #expect(budget.testCount == 50)
        #expect(budget.alphaPerTest == 1e-6 / 50)
        #expect(FalseAlarmBudget(claims: claims, profile: .thorough).testCount == 500)
        #expect(FalseAlarmBudget(claims: [], profile: .ci).alphaPerTest == 1e-6)
        #expect(budget.summaryLine.contains("1e-06 per run over 50 statistical tests: alpha = 2e-08 per test"))
    }

    @Test func checksSeeTheConfiguredAlpha() {
        let claim = Claim<Int>(
            ExampleClaims.info("T.alpha"), cases: 1, generate: { _ in 0 },
            check: { _, context in .require(context.alpha == 0.125, otherwise: "alpha \(context.alpha)") })
        var configuration = quietConfiguration()
        configuration.alphaPerTest = 0.125
        #expect(claim.erased.run(configuration).category == .holds)
    }
}
