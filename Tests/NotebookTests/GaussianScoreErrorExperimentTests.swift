import Foundation
import Notebook
import Testing

@Suite("kind: gaussian-score-error")
struct GaussianScoreErrorExperimentTests {
    typealias S = ExperimentTestSupport

    /// ½N(1,1) + ½N(-1,1) has κ3 = 0: far from the data the error falls like σ⁻⁴ and matches the
    /// cumulant prediction.
    @Test func symmetricMixtureFallsLikeSigmaToTheMinusFour() throws {
        let result = try S.run(["kind: gaussian-score-error", "spec: specs/gaussian-pm1.json", "labels: pm1", "sigma-range: 8, 64", "points: 3"])
        let rows = S.rows(result)
        #expect(rows.count == 3 && rows.allSatisfy { $0[0] == "pm1" } && rows.map { $0[1] } == ["8", "22.63", "64"])
        let (error, prediction) = (try #require(Double(rows[2][3])), try #require(Double(rows[2][4])))
        #expect(abs(error / prediction - 1) < 0.01)
        let note = try #require(result.lines.first { $0.hasPrefix("pm1: ") })
        let slopeText = try #require(note.components(separatedBy: "(3 points) ").last?.components(separatedBy: ",").first)
        let slope = try #require(Double(slopeText))
        #expect(abs(slope + 4) < 0.05)
    }

    @Test func badSettingsNameTheKeyAndLine() {
        #expect(S.fails(["kind: gaussian-score-error", "spec: specs/two-interval-1d.json"], key: "spec", line: 12, "1-D Gaussian components only"))
        #expect(S.fails(["kind: gaussian-score-error", "spec: specs/gaussian-pm1.json", "sigma-range: 5, 1"], key: "sigma-range", line: 13, "lo < hi"))
        #expect(S.fails(["kind: gaussian-score-error", "spec: specs/gaussian-pm1.json", "labels: a, b"], key: "labels", line: 13, "1 nonempty names"))
        #expect(S.fails(["kind: gaussian-score-error", "spec: specs/gaussian-pm1.json", "points: 1"], key: "points", line: 13, "an integer in [2, 1000]"))
    }
}
