import Foundation
import Notebook
import Testing

@Suite("kind: score-error-share")
struct ScoreErrorShareExperimentTests {
    typealias S = ExperimentTestSupport

    /// At ε = 0.1 and w = 64 the bump of G1.4 pushes the whole output past a2 + 0.02 while the
    /// constant offset does not; at w = 0 neither does; the offset's L2(p_t) norm is ε itself,
    /// the bump's smaller.
    @Test func theBumpPushesOutWhereTheOffsetDoesNot() throws {
        let result = try S.run(["kind: score-error-share", "spec: specs/two-interval-1d.json", "w: 0, 64", "T: 10", "end: 1e-10",
                                "errors: bump, constant", "levels: 0.1", "above: 2.02", "norm-at: 0.5", "quantile: 0.5"])
        let rows = S.rows(result)
        #expect(rows.map { $0[0] } == ["bump", "constant"])
        #expect(rows[0][3...4] == ["0.000e+00", "1.000e+00"] && rows[1][3...4] == ["0.000e+00", "0.000e+00"])
        let (bumpNorm, bumpMedian, offsetMedian) = (try #require(Double(rows[0][2])), try #require(Double(rows[0][6])), try #require(Double(rows[1][6])))
        #expect(rows[1][2] == "0.1" && bumpNorm < 0.05)
        #expect(bumpMedian > 2.02 && offsetMedian < 2.02)
    }

    @Test func badSettingsNameTheKeyAndLine() {
        let base = ["kind: score-error-share", "spec: specs/two-interval-1d.json", "w: 1"]
        #expect(S.fails(base + ["errors: slab", "levels: 0.1", "above: 2"], key: "errors", line: 14, "bump, constant or both"))
        #expect(S.fails(base + ["errors: bump", "levels: 0.1"], key: "above", line: 10, "support's end plus a margin"))
        #expect(S.fails(base + ["errors: bump", "levels: 0", "above: 2"], key: "levels", line: 15, "a number in [1e-12, 1e+06]"))
        #expect(S.fails(base + ["errors: bump", "levels: 0.1", "above: 2", "centre: 3"], key: "centre", line: 17, "the keys are kind, spec"))
        #expect(S.fails(["kind: score-error-share", "spec: specs/two-box-2d.json", "w: 1", "errors: bump", "levels: 0.1", "above: 2"], key: "spec", line: 0, "a 1-D spec"))
    }
}
