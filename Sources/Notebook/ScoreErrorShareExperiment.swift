import Diffusion
import Foundation
import GuidanceNumerics
import Plot

/// `kind: score-error-share`: the share of the guided probability-flow output past a point
/// `above` (a support's end plus a margin) against w, for several error levels ε and both error
/// kinds of Theorem 3's claims (`ScoreErrorModel`), from exact 1-D flow maps (`FlowMap1D`:
/// `P(x_out > a) = Φ̄(F⁻¹(a))`, rk8pd at `tolerance`; no Monte Carlo error):
/// - `bump` (claim G1.4): `e(t, x) = ε exp(-(x - x₀)²/(2r²)) a(t)` along +x, centred at `center`
///   with width `width`, `a(t) = 1/s(t)²` (`scaling: inverse-variance`, the default) or 1;
/// - `constant` (claim G1.4c): `e ≡ ε` along +x.
///
/// The error enters the `target` score (`conditional`: amplified by `1 + w`). Each row also gives
/// the error's size `‖e(t, ·)‖` in `L2(p_t(·|c))` (conditional) or `L2(p_t)` at the times `norm-at`
/// (`ScoreErrorModel.l2Norm`, QAGI at relative 1e-8), and with `quantile: q` the output's exact
/// q-quantile at each w (`FlowMap1D.quantile`): how far past the end the mass went, which a share of
/// 0 or 1 does not say.
///
/// `plot: lines`: the share against w (log x; w = 0 left out), one line per error kind and level;
/// with both kinds, a level's constant offset is dashed in the colour of its bump.
public struct ScoreErrorShareExperiment: Experiment {
    public static let kind = "score-error-share"
    public static let summary = "exact share of the guided PF-ODE output past a support's end against w, per score-error level and kind, with L2(p_t) norms (G1.4, G1.4c)"
    public static let keys = [
        "spec", "class", "w", "T", "end", "tolerance", "errors", "levels", "center", "width", "scaling", "target", "above", "quantile", "norm-at", "plot",
    ] + FigureSettings.keys

    var spec: MixtureSpec
    var classIndex: Int
    var ws: [Double]
    var horizon: Double?
    var end: Double?
    var tolerance: Double
    var kinds: [String]
    var levels: [Double]
    var center: Double
    var width: Double
    var scaling: ScoreErrorModel.Scaling
    var target: ScoreErrorModel.Target
    var above: Double
    var quantile: Double?
    var normTimes: [Double]
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        spec = try context.spec(try block.required("spec", allowed: "a JSON spec path"), key: "spec", line: block.line(of: "spec"))
        classIndex = try block.integer("class", default: 0, in: 0...1000)
        ws = try block.numbers("w", in: 0...1e12)
        horizon = try block.text("T").map { _ in try block.number("T", default: 10, in: 1e-6...1e5) }
        end = try block.text("end").map { _ in try block.number("end", default: 1e-4, in: 1e-12...1e3) }
        tolerance = try block.number("tolerance", default: 1e-10, in: 1e-13...1e-3)
        let kindLine = block.line(of: "errors")
        kinds = try (block.required("errors", allowed: "bump, constant or both, comma-separated")).split(separator: ",").map { part throws(NotebookError) in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard ["bump", "constant"].contains(name) else {
                throw NotebookError.setting("errors", name.isEmpty ? "(empty)" : name, allowed: "bump, constant or both, comma-separated", line: kindLine)
            }
            return name
        }
        levels = try block.numbers("levels", in: 1e-12...1e6)
        center = try block.number("center", default: 3, in: -1e6...1e6)
        width = try block.number("width", default: 0.3, in: 1e-6...1e6)
        scaling = try block.choice("scaling", default: "inverse-variance", from: ["inverse-variance", "absolute"]) == "absolute" ? .absolute : .inverseVariance
        target = ScoreErrorModel.Target(rawValue: try block.choice("target", default: "conditional", from: ["conditional", "unconditional"]))!
        guard block.text("above") != nil else {
            throw NotebookError.setting("above", "(missing)", allowed: "a number in [-1e6, 1e6]: the support's end plus a margin", line: block.cellLine)
        }
        above = try block.number("above", default: 0, in: -1e6...1e6)
        quantile = try block.text("quantile").map { _ in try block.number("quantile", default: 0.5, in: 1e-12...(1 - 1e-12)) }
        normTimes = try block.numbers("norm-at", default: [], in: 1e-12...1e5)
        let plot = try block.choice("plot", default: "none", from: ["none", "lines"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "lines exactly when a figure: is given", line: block.line(of: "plot"))
        }
        if figure != nil, ws.filter({ $0 > 0 }).count < 2 {
            throw NotebookError.setting("w", block.text("w") ?? "", allowed: "at least two w > 0 for plot: lines (log axis)", line: block.line(of: "w"))
        }
    }

    /// The error of `kind` at `level`.
    func error(_ kind: String, level: Double) throws -> ScoreErrorModel {
        kind == "bump"
            ? try ScoreErrorModel(level: level, direction: [1], profile: .bump(center: [center], width: width), target: target, scaling: scaling)
            : try ScoreErrorModel(level: level, direction: [1], profile: .constant, target: target)
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let (mixture, schedule) = try spec.build()
        guard mixture.dimension == 1 else {
            throw NotebookError.setting("spec", "dimension \(mixture.dimension)", allowed: "a 1-D spec (the flow map is one-dimensional)", line: 0)
        }
        try mixture.checkClass(classIndex)
        var chart = figure.map { LineChart(frame: $0.frame(xLabel: "guidance strength w (log scale)", yLabel: "P(x_out > \(NumberText.short(above))) (share of the output)"), xLog: true) }
        let header = ["error", "ε"] + normTimes.map { "‖e‖ in L2(p_t) at t = \(NumberText.short($0))" } + ws.map { "w = \(NumberText.short($0))" }
            + (quantile.map { q in ws.map { "quantile \(NumberText.short(q)) at w = \(NumberText.short($0))" } } ?? [])
        var rows: [[String]] = []
        for kind in kinds {
            for level in levels {
                context.progress("score-error-share: \(kind) ε = \(NumberText.short(level)), \(ws.count) values of w")
                let error = try error(kind, level: level)
                var row = [kind, NumberText.short(level)]
                for t in normTimes { row.append(NumberText.short(try error.l2Norm(mixture: mixture, classIndex: classIndex, at: t, schedule: schedule).value)) }
                var shares: [(Double, Double)] = [], quantiles: [String] = []
                for w in ws {
                    let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: classIndex, w: w, scoreError: error)
                    let flow = try FlowMap1D(problem: problem, horizon: horizon, end: end, tolerance: tolerance)
                    let share = try flow.survival(above)
                    row.append(NumberText.scientific(share))
                    if let quantile { quantiles.append(NumberText.short(try flow.quantile(quantile))) }
                    if w > 0 { shares.append((w, share)) }
                }
                rows.append(row + quantiles)
                let bump = "bump, ε = \(NumberText.short(level))"
                chart?.add(kind == "bump" ? bump : "constant offset, ε = \(NumberText.short(level))", points: shares,
                           dashed: kind == "constant" && kinds.contains("bump"), colorOf: kind == "constant" ? bump : nil)
            }
        }
        var lines = MarkdownTable.lines(header: header, rows: rows)
        lines += ["", "Cells under `w = …`: `P(x_out > \(NumberText.short(above)))`, exact from the flow map."]
        guard let figure, let chart else { return CellResult(lines: lines) }
        return CellResult(lines: lines + figure.markdown, figures: [FigureFile(path: figure.path, contents: chart.svg())])
    }
}
