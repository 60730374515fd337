import Foundation
import Notebook
import Testing

@Suite("kind: guidance-window")
struct GuidanceWindowExperimentTests {
    typealias S = ExperimentTestSupport

    /// G2.3's schedule (DDPM linear β: `n β_min = 0.1`, `n β_max = 20`) in closed form, independent of the library:
    /// `-log m(t) = ½ (0.1 t + ½ 19.9 t²)`, `σ² = m⁻² - 1`, `∫_a^b g² dt = 0.1 (b - a) + ½ 19.9 (b² - a²)`.
    static func sigma(_ t: Double) -> Double { expm1(0.1 * t + 0.5 * 19.9 * t * t).squareRoot() }
    static func gSquaredIntegral(_ a: Double, _ b: Double) -> Double { 0.1 * (b - a) + 0.5 * 19.9 * (b * b - a * a) }
    static let decades = log10(sigma(1) / sigma(1e-3))

    /// One window over the whole run `[1e-3, 1]` at the budget of constant w = 2 gets w = 2 itself and
    /// reproduces constant guidance's exact E[1/p(c|x_out)]; the budget is `2 ∫_{1e-3}^1 g² dt`; w = 0 gives G2.1's 1/π_c.
    @Test func theWholeRunIsConstantGuidance() throws {
        let rows = S.rows(try S.run(["kind: guidance-window", "example: G2.3", "w: 2", "windows: 1", String(format: "width: %.17g", Self.decades)]))
        #expect(rows.count == 3)
        #expect(rows[0][0] == "[0.001, 1]" && rows[0][3] == "2" && rows[0][5] == rows[2][5])
        #expect(rows[0][4] == String(format: "%.4g", 2 * Self.gSquaredIntegral(1e-3, 1)) && rows[2][4] == rows[0][4])
        #expect(rows[1][5] == "3.25" && rows[1][3] == "0")
        #expect(try #require(Double(rows[2][5])) < 3.25)
    }

    /// Every window spends the same budget: its w times `∫_window g² dt` (closed form, at the printed
    /// four-digit bounds) is `2 ∫_run g² dt` to the bounds' rounding; the late window beats constant w (S.4).
    @Test func everyWindowSpendsTheBudget() throws {
        let rows = S.rows(try S.run(["kind: guidance-window", "example: G2.3", "w: 2", "windows: 2", "width: 1"]))
        #expect(rows.count == 4)
        let budget = 2 * Self.gSquaredIntegral(1e-3, 1)
        for row in rows.prefix(2) {
            let bounds = row[0].dropFirst().dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            let w = try #require(Double(row[3]))
            #expect(bounds.count == 2 && abs(w * Self.gSquaredIntegral(bounds[0], bounds[1]) / budget - 1) < 2e-3)
            #expect(row[4] == String(format: "%.4g", budget))
        }
        #expect(rows[0][0].hasPrefix("[0.001, ") && rows[1][0].hasSuffix(", 1]"))
        #expect(try #require(Double(rows[0][5])) < Double(rows[3][5])!)
    }

    /// The sampled setting: shares in [0, 1], p(c|x) = 1 far from the other box, the same output twice.
    @Test func twoBoxRunRepeats() throws {
        let cell = ["kind: guidance-window", "spec: specs/two-box-2d.json", "w: 7", "windows: 3", "width: 2", "steps: 100", "particles: 40",
                    "plot: share", "figure: figures/t.svg", "title: t", "caption: c", "claim: S.2"]
        let result = try S.run(cell)
        let rows = S.rows(result)
        #expect(rows.count == 5 && rows.allSatisfy { $0.count == 9 })
        for row in rows { #expect((0...1).contains(try #require(Double(row[5])))) }
        #expect(try S.run(cell) == result)
        #expect(try #require(result.figures.first).contents.contains("no guidance (w = 0)"))
    }

    @Test func badSettingsNameTheKeyAndLine() {
        let base = ["kind: guidance-window", "example: G2.3"]
        #expect(S.fails(base + ["width: 1"], key: "w", line: 10, "the constant w whose budget"))
        #expect(S.fails(base + ["w: 2", "width: 5"], key: "width", line: 14, "[0.001, 4.161710839]"))
        #expect(S.fails(base + ["w: 0"], key: "w", line: 13, "a number in [1e-06, 1e+04]"))
        #expect(S.fails(base + ["w: 2", "windows: 0"], key: "windows", line: 14, "an integer in [1, 200]"))
        #expect(S.fails(base + ["w: 2", "sampler: ode-heun"], key: "sampler", line: 14, "only with spec:"))
        #expect(S.fails(base + ["w: 2", "plot: share", "figure: figures/t.svg", "title: t", "caption: c", "claim: S.2"], key: "plot", line: 14, "share needs spec:"))
        #expect(S.fails(base + ["w: 2", "windw: 3"], key: "windw", line: 14, "the keys are kind, example, spec"))
        #expect(S.fails(["kind: guidance-window", "example: G2.3", "spec: specs/two-box-2d.json", "w: 2"], key: "spec", line: 13, "exactly one"))
        #expect(S.fails(["kind: guidance-window", "spec: specs/two-box-2d.json", "w: 2", "grid: log"], key: "grid", line: 14, "one of uniform, karras"))
    }
}
