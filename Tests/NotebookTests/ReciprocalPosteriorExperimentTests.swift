import Foundation
import Notebook
import Testing

@Suite("kind: reciprocal-posterior")
struct ReciprocalPosteriorExperimentTests {
    typealias S = ExperimentTestSupport

    /// Two samplers on 40 shared start points: guidance lowers the SDE's mean of 1/p(c|x), the Itô
    /// prediction at w = 0 is 1/π_c itself, and the output is the same on a second run.
    @Test func tinyRunLowersTheMeanAndRepeats() throws {
        let cell = ["kind: reciprocal-posterior", "w: 0, 2", "samplers: sde-em-20, ddim-4", "particles: 40", "exact: no",
                    "plot: lines", "figure: figures/t.svg", "title: t", "caption: c", "claim: G2.2"]
        let result = try S.run(cell)
        let rows = S.rows(result)
        #expect(rows.count == 4)
        #expect(rows.map { $0[0] } == ["sde-em", "sde-em", "ddim", "ddim"] && rows.map { $0[2] } == ["0", "2", "0", "2"])
        #expect(rows[0][5] == "3.25" && rows[2][5] == "—" && rows[0][6] == "—")
        #expect(try #require(Double(rows[1][3])) < Double(rows[0][3])!)
        for row in [rows[1], rows[3]] { #expect((0...1).contains(try #require(Double(row[6])))) }
        let svg = try #require(result.figures.first)
        #expect(svg.path == "figures/t.svg" && svg.contents.contains("sde-em, 20 steps") && svg.contents.contains("Itô prediction"))
        #expect(try S.run(cell) == result)
    }

    /// The exact flow-map row at w = 0 is G2.1's 1/π_c = 1.3/0.4.
    @Test func exactValueAtZeroIsTheInversePrior() throws {
        let rows = S.rows(try S.run(["kind: reciprocal-posterior", "w: 0", "samplers: ddim-2", "particles: 4"]))
        #expect(rows.last == ["exact ODE (flow map)", "—", "0", "3.25", "—", "—", "—"])
    }

    @Test func badSettingsNameTheKeyAndLine() {
        #expect(S.fails(["kind: reciprocal-posterior", "w: 0, 1", "samplers: ode-adaptive-10"], key: "samplers", line: 13, "KIND one of"))
        #expect(S.fails(["kind: reciprocal-posterior", "w: 0, 1", "samplers: ddim-0"], key: "samplers", line: 13, "STEPS in [1, 10000]"))
        #expect(S.fails(["kind: reciprocal-posterior", "w: 1, 2", "samplers: ddim-5"], key: "w", line: 12, "including 0"))
        #expect(S.fails(["kind: reciprocal-posterior", "w: 0", "samplers: ddim-5", "example: G9"], key: "example", line: 14, "one of G2.3"))
        #expect(S.fails(["kind: reciprocal-posterior", "w: 0", "samplers: ddim-5", "plot: lines"], key: "plot", line: 14, "exactly when a figure"))
        #expect(S.fails(["kind: reciprocal-posterior", "w: 0", "samplers: ddim-5", "particle: 5"], key: "particle", line: 14, "the keys are kind, example, w, samplers"))
    }
}
