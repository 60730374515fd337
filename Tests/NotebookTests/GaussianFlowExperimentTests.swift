import Foundation
import Notebook
import Testing

@Suite("kind: gaussian-flow")
struct GaussianFlowExperimentTests {
    typealias S = ExperimentTestSupport

    /// Variance 1 crosses 1/√2 at σ = sqrt(1 + 2σ_e²) ≈ 1, the zero-variance direction at √2 σ_e;
    /// rk8pd and the closed form agree to rounding.
    @Test func directionsCrossAtTheirOwnScale() throws {
        let result = try S.run(["kind: gaussian-flow", "variances: 1, 0", "mean: 0.5, -0.5", "points: 3"])
        let rows = S.rows(result)
        #expect(rows.count == 2)
        #expect(rows[0] == ["1", "< 1e-10", "1", "1", "< 1e-09", "1"])
        #expect(rows[1] == ["0", "< 1e-10", "0.002828", "0.002828", "< 1e-09", "0"])
        #expect(result.lines.last?.contains("on the 3 noise levels from σ = 80 to 0.002: < 1e-10") == true)
    }

    @Test func badSettingsNameTheKeyAndLine() {
        #expect(S.fails(["kind: gaussian-flow", "variances: 1, -1"], key: "variances", line: 12, "a number in [0, 1e+04]"))
        #expect(S.fails(["kind: gaussian-flow", "variances: 1, 2", "mean: 0"], key: "mean", line: 13, "2 numbers"))
        #expect(S.fails(["kind: gaussian-flow", "variances: 1", "sigma-range: 80, 0.002"], key: "sigma-range", line: 13, "σ_e < σ_T"))
        #expect(S.fails(["kind: gaussian-flow"], key: "variances", line: 10, "comma-separated"))
    }
}
