import Diffusion
import Foundation
import GuidanceNumerics
import Plot

/// `kind: flow-law`: the exact output law of the guided probability-flow ODE of a 1-D spec at
/// several w, from its monotone flow map (`FlowMap1D`: quantile(q) = F(σ Φ⁻¹(q)), one adaptive
/// rk8pd solve per quantile at `tolerance`; no Monte Carlo error).
///
/// A table with one row per w: the output's `quantiles` (optionally divided by √w), and on request
/// the tail probabilities `P(x_out < below)` and `P(x_out > above)` (`below: sqrt-w` is √w at each
/// w) and the Kolmogorov–Smirnov distance to the tilted law `p^{c,w} ∝ p(x) p(c|x)^{1+w}`
/// (`tilted: yes`; bounds `D⁻ ≤ D ≤ D⁻ + 1/n` from n quantile levels, `TiltedLaw.distanceLowerBound`).
/// An optional score error (`score-error: ε`, a constant offset ε along +x in the `score-error-target`
/// score, `ScoreErrorModel`) perturbs the guided field.
///
/// Figures (`plot`): `cdf`, the output CDF per w (the tilted law's dashed, in the same colour);
/// `density`, the output density per w from differences of exact quantiles on a grid uniform in
/// the start point (second order in its spacing; the tilted density exact, dashed; log y axis, so
/// a mass piled at one end does not flatten the rest); `quantiles`,
/// the tabulated quantiles against w on log axes with `√w` dashed.
public struct FlowLawExperiment: Experiment {
    public static let kind = "flow-law"
    public static let summary = "exact 1-D output law of the guided PF-ODE at several w: quantiles, tails, distance to the tilted law"
    public static let keys = [
        "spec", "class", "w", "T", "end", "tolerance", "quantiles", "divide-by", "below", "above", "tilted", "score-error",
        "score-error-target", "plot",
    ] + FigureSettings.keys

    var spec: MixtureSpec
    var classIndex: Int
    var ws: [Double]
    var horizon: Double?
    var end: Double?
    var tolerance: Double
    var quantiles: [Double]
    var divideBySqrtW: Bool
    /// `P(x_out < below)`: a number, or nil with `belowSqrtW`.
    var below: Double?
    var belowSqrtW: Bool
    var above: Double?
    var tilted: Bool
    var scoreError: ScoreErrorModel?
    var plot: String
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        spec = try context.spec(try block.required("spec", allowed: "a JSON spec path"), key: "spec", line: block.line(of: "spec"))
        classIndex = try block.integer("class", default: 0, in: 0...1000)
        ws = try block.numbers("w", in: 0...1e12)
        horizon = try block.text("T").map { _ in try block.number("T", default: 10, in: 1e-6...1e5) }
        end = try block.text("end").map { _ in try block.number("end", default: 1e-4, in: 1e-12...1e3) }
        tolerance = try block.number("tolerance", default: 1e-10, in: 1e-13...1e-3)
        quantiles = try block.numbers("quantiles", default: [0.05, 0.5, 0.95], in: 1e-12...(1 - 1e-12))
        divideBySqrtW = try block.choice("divide-by", default: "none", from: ["none", "sqrt-w"]) == "sqrt-w"
        if divideBySqrtW, ws.contains(0) {
            throw NotebookError.setting("w", "0", allowed: "w > 0 with divide-by: sqrt-w", line: block.line(of: "w"))
        }
        if let text = block.text("below") {
            belowSqrtW = text == "sqrt-w"
            below = belowSqrtW ? nil : try block.number("below", default: 0, in: -1e6...1e6)
        } else {
            belowSqrtW = false
        }
        above = try block.text("above").map { _ in try block.number("above", default: 0, in: -1e6...1e6) }
        tilted = try block.choice("tilted", default: "no", from: ["yes", "no"]) == "yes"
        let level = try block.number("score-error", default: 0, in: 0...1e6)
        let target = try block.choice("score-error-target", default: "conditional", from: ["conditional", "unconditional"])
        scoreError = level > 0 ? try ScoreErrorModel(level: level, direction: [1], profile: .constant, target: .init(rawValue: target)!) : nil
        plot = try block.choice("plot", default: "none", from: ["none", "cdf", "density", "quantiles"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "a plot (cdf, density, quantiles) exactly when a figure: is given", line: block.line(of: "plot"))
        }
        if plot == "quantiles", ws.filter({ $0 > 0 }).count < 2 {
            throw NotebookError.setting("w", "\(ws)", allowed: "at least two w > 0 for plot: quantiles (log axis)", line: block.line(of: "w"))
        }
    }

    /// The flow map at guidance w.
    func flow(_ mixture: Mixture, _ schedule: NoiseSchedule, w: Double) throws -> FlowMap1D {
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: classIndex, w: w, scoreError: scoreError)
        return try FlowMap1D(problem: problem, horizon: horizon, end: end, tolerance: tolerance)
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let (mixture, schedule) = try spec.build()
        guard mixture.dimension == 1 else {
            throw NotebookError.setting("spec", "dimension \(mixture.dimension)", allowed: "a 1-D spec (the flow map is one-dimensional)", line: 0)
        }
        try mixture.checkClass(classIndex)
        let ksLevels = TiltedLaw.distanceLevels(context.gridPoints(64))
        var header = ["w"] + quantiles.map { "quantile \(NumberText.short($0))" + (divideBySqrtW ? " / √w" : "") }
        if belowSqrtW { header.append("P(x_out < √w)") } else if let below { header.append("P(x_out < \(NumberText.short(below)))") }
        if let above { header.append("P(x_out > \(NumberText.short(above)))") }
        if tilted { header += ["KS to tilted ≥", "KS to tilted ≤"] }
        var rows: [[String]] = []
        var chart = figure.map { LineChart(frame: $0.frame(xLabel: plot == "quantiles" ? "guidance w (log scale)" : "output x (data units)",
                                                          yLabel: Self.yLabel(plot)), xLog: plot == "quantiles", yLog: plot != "cdf") }
        var quantileSeries = Array(repeating: [(Double, Double)](), count: quantiles.count)
        for (k, w) in ws.enumerated() {
            context.progress("flow-law: w = \(NumberText.short(w)) (\(k + 1) of \(ws.count))")
            let flow = try flow(mixture, schedule, w: w)
            let values = try quantiles.map { try flow.quantile($0) }
            var row = [NumberText.short(w)] + values.map { NumberText.short(divideBySqrtW ? $0 / w.squareRoot() : $0) }
            if belowSqrtW || below != nil { row.append(NumberText.scientific(try flow.cdf(below ?? w.squareRoot()))) }
            if let above { row.append(NumberText.scientific(try flow.survival(above))) }
            let tiltedLaw = tilted ? try TiltedLaw(mixture: mixture, classIndex: classIndex, w: w) : nil
            if let tiltedLaw {
                let lower = try tiltedLaw.distanceLowerBound(to: flow, levels: ksLevels)
                row += [NumberText.short(lower), NumberText.short(min(lower + 1 / Double(ksLevels.count), 1))]
            }
            rows.append(row)
            for (i, value) in values.enumerated() where w > 0 { quantileSeries[i].append((w, value)) }
            if plot == "cdf" || plot == "density" {
                try draw(&chart!, flow: flow, tilted: tiltedLaw, w: w, points: context.gridPoints(48))
            }
        }
        if plot == "quantiles" {
            for (i, q) in quantiles.enumerated() { chart!.add("quantile \(NumberText.short(q))", points: quantileSeries[i]) }
            chart!.add("√w", points: ws.filter { $0 > 0 }.map { ($0, $0.squareRoot()) }, dashed: true)
        }
        var lines = MarkdownTable.lines(header: header, rows: rows)
        var figures: [FigureFile] = []
        if let figure, let chart {
            figures.append(FigureFile(path: figure.path, contents: chart.svg()))
            lines += figure.markdown
        }
        return CellResult(lines: lines, figures: figures)
    }

    static func yLabel(_ plot: String) -> String {
        switch plot {
        case "cdf": return "P(x_out ≤ x)"
        case "density": return "density of x_out (per data unit, log scale)"
        default: return "output quantile x (data units, log scale)"
        }
    }

    /// Adds the output's CDF or density at w (and the tilted law's, dashed, in the same colour),
    /// on `points` start points `y` uniform in [-3.7, 3.7] (levels Φ(y) from 1e-4 to 1 - 1e-4).
    func draw(_ chart: inout LineChart, flow: FlowMap1D, tilted: TiltedLaw?, w: Double, points: Int) throws {
        let levels = (0..<points).map { Normal.cdf(-3.7 + 7.4 * Double($0) / Double(points - 1)) }
        let xs = try levels.map { try flow.quantile($0) }
        let name = "guided output, w=\(NumberText.short(w))"
        let tiltedName = "tilted law, w=\(NumberText.short(w))"
        if plot == "cdf" {
            chart.add(name, points: Array(zip(xs, levels)))
            if let tilted { chart.add(tiltedName, points: try levels.map { (try tilted.quantile($0), $0) }, dashed: true, colorOf: name) }
        } else {
            // Δq/Δx between consecutive exact quantiles, at the midpoint.
            let density = (1..<points).compactMap { i -> (Double, Double)? in
                let dx = xs[i] - xs[i - 1]
                return dx > 0 ? ((xs[i] + xs[i - 1]) / 2, (levels[i] - levels[i - 1]) / dx) : nil
            }
            chart.add(name, points: density)
            if let tilted { chart.add(tiltedName, points: try levels.map { let x = try tilted.quantile($0); return (x, tilted.density(x)) }, dashed: true, colorOf: name) }
        }
    }
}
