import Foundation
import Notebook
import Testing

@Suite("kind: teleportation")
struct TeleportationExperimentTests {
    typealias S = ExperimentTestSupport

    /// A jump of one step from σ = 80 barely moves the outputs; one to below the data scale moves
    /// them by a good part of sd_max; the full run is the first row.
    @Test func aShortJumpKeepsTheOutputsAndALongOneDoesNot() throws {
        let rows = S.rows(try S.run(["kind: teleportation", "spec: specs/three-gaussians-2d-ve.json", "skip: 1, 12", "particles: 20"]))
        #expect(rows.map { $0[1] } == ["0", "1", "12"] && rows.map { $0[3] } == ["36", "34", "12"])
        #expect(rows[0][6...] == ["0", "0", "0", "0"])
        let (short, long) = (try #require(Double(rows[1][6])), try #require(Double(rows[2][6])))
        #expect(short < 1e-4 && long > 0.05)
    }

    @Test func badSettingsNameTheKeyAndLine() {
        let base = ["kind: teleportation", "spec: specs/three-gaussians-2d-ve.json"]
        #expect(S.fails(base + ["skip: 18"], key: "skip", line: 13, "[1, steps - 1 = 17]"))
        #expect(S.fails(base + ["skip: 1.5"], key: "skip", line: 13, "integers"))
        #expect(S.fails(base + ["skip: 1", "samplers: ddpm"], key: "samplers", line: 14, "one of ode-euler, ode-heun"))
        #expect(S.fails(["kind: teleportation", "skip: 1"], key: "spec", line: 10, "a JSON spec path"))
    }
}
