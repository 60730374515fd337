import Claims
import Diffusion
import Foundation
import Plot

/// `kind: gaussian-score-error`: how far the score of the moment-matched Gaussian `N(μ, v)` is
/// from a 1-D Gaussian mixture's own score under VE noising `p_σ = p * N(0, σ²)` (claim G3.3),
/// on a grid of σ log-uniform in `[lo, hi]·sd` (sd = √v).
///
/// Per σ, with the claim's own functions (`GaussianScoreFarField`): the relative error
/// `r(σ) = ‖s_σ - s_G‖/‖s_σ‖` in `L2(p_σ)` (QAGS at relative 1e-8 over `μ ± 40 sqrt(v + σ²)`, the
/// difference of the scores written without cancellation), the cumulant (Edgeworth) prediction
/// `r² ≈ (κ3²/2)V⁻³ + (κ4²/6)V⁻⁴`, `V = v + σ²` (relative error `O(V^{-1/2})`), and the denoiser
/// error `σ²‖s_σ - s_G‖`. Under the table: the log-log slope of r fitted by least squares on the
/// grid points with σ ≥ 8 sd, against the prediction's on the same points.
///
/// `plot: lines`: r(σ) against σ/sd on log axes, one line per spec, its prediction dashed in the
/// same colour.
public struct GaussianScoreErrorExperiment: Experiment {
    public static let kind = "gaussian-score-error"
    public static let summary = "the moment-matched Gaussian's relative L2(p_σ) score error against σ, with the cumulant prediction (G3.3)"
    public static let keys = ["spec", "labels", "sigma-range", "points", "plot"] + FigureSettings.keys

    var specs: [(path: String, pieces: [GaussianScoreFarField.Piece])]
    /// The name of each spec in the table and the legend (its path when `labels` is absent).
    var labels: [String]
    var range: (low: Double, high: Double)
    var points: Int
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        let line = block.line(of: "spec")
        specs = try block.required("spec", allowed: "JSON spec paths, comma-separated").split(separator: ",").map {
            let path = $0.trimmingCharacters(in: .whitespaces)
            return (path, try Self.pieces(try context.spec(path, key: "spec", line: line), path: path, line: line))
        }
        labels = block.text("labels").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? specs.map(\.path)
        guard labels.count == specs.count, !labels.contains(where: \.isEmpty) else {
            throw NotebookError.setting("labels", block.text("labels") ?? "", allowed: "\(specs.count) nonempty names, comma-separated, one per spec", line: block.line(of: "labels"))
        }
        let bounds = try block.numbers("sigma-range", default: [0.01, 100], in: 1e-4...1e4)
        guard bounds.count == 2, bounds[0] < bounds[1] else {
            throw NotebookError.setting("sigma-range", block.text("sigma-range") ?? "", allowed: "two numbers lo, hi in [1e-4, 1e4] with lo < hi (units of sd)", line: block.line(of: "sigma-range"))
        }
        range = (bounds[0], bounds[1])
        points = context.gridPoints(try block.integer("points", default: 17, in: 2...1000))
        let plot = try block.choice("plot", default: "none", from: ["none", "lines"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "lines exactly when a figure: is given", line: block.line(of: "plot"))
        }
    }

    /// The spec's components as weighted 1-D Gaussians (class weight × component weight).
    static func pieces(_ spec: MixtureSpec, path: String, line: Int) throws(NotebookError) -> [GaussianScoreFarField.Piece] {
        var out: [GaussianScoreFarField.Piece] = []
        let total = spec.classes.reduce(0) { $0 + $1.weight }
        for cls in spec.classes {
            let classTotal = cls.components.reduce(0) { $0 + $1.weight }
            for c in cls.components {
                guard c.kind == "gaussian", let mean = c.mean, mean.count == 1, let v = c.cov?.first?.first else {
                    throw NotebookError.setting("spec", path, allowed: "a spec of 1-D Gaussian components only (this one has a \(c.kind) component)", line: line)
                }
                out.append(.init(weight: cls.weight / total * c.weight / classTotal, mean: mean[0], variance: v))
            }
        }
        return out
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let ratios = (0..<points).map { range.low * pow(range.high / range.low, Double($0) / Double(points - 1)) }
        var chart = figure.map { LineChart(frame: $0.frame(xLabel: "noise level σ / sd of the data (log scale)", yLabel: "relative L2(p_σ) score error (log scale)"), xLog: true, yLog: true) }
        var rows: [[String]] = [], notes: [String] = []
        for ((path, pieces), label) in zip(specs, labels) {
            context.progress("gaussian-score-error: \(path), \(points) noise levels")
            let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: try pieces.map { ($0.weight, try GaussianComponent(mean: [$0.mean], variance: $0.variance)) })])
            let gaussian = try mixture.momentMatchedGaussian()
            let (mu, v) = (gaussian.mean[0], gaussian.covariance[0])
            let sd = v.squareRoot()
            let cumulants = GaussianScoreFarField.cumulants(pieces)
            var measured: [(Double, Double)] = [], predicted: [(Double, Double)] = []
            for ratio in ratios {
                let error = try GaussianScoreFarField.errors(pieces, mu: mu, v: v, sigma: ratio * sd)
                let prediction = GaussianScoreFarField.predicted(cumulants, sigma: ratio * sd)
                measured.append((ratio, error.relative))
                predicted.append((ratio, prediction))
                rows.append([label, NumberText.short(ratio), NumberText.short(ratio * sd), NumberText.short(error.relative), NumberText.short(prediction), NumberText.short(error.denoiser)])
            }
            let far = measured.indices.filter { ratios[$0] >= 8 && measured[$0].1 > 0 }
            if far.count >= 2 {
                let xs = far.map { log(ratios[$0]) }
                notes.append("\(label): sd = \(NumberText.short(sd)), κ3/sd³ = \(NumberText.short(cumulants.k3 / (v * sd))), κ4/sd⁴ = \(NumberText.short(cumulants.k4 / (v * v))); "
                             + "log-log slope of r on σ ≥ 8 sd (\(far.count) points) \(NumberText.short(GaussianScoreFarField.slope(xs, far.map { log(measured[$0].1) }))), "
                             + "prediction's \(NumberText.short(GaussianScoreFarField.slope(xs, far.map { log(predicted[$0].1) }))).")
            }
            chart?.add(label, points: measured)
            chart?.add("cumulant prediction, \(label)", points: predicted, dashed: true, colorOf: label)
        }
        var lines = MarkdownTable.lines(header: ["data", "σ / sd", "σ", "relative score error r", "cumulant prediction", "denoiser error σ²‖s_σ − s_G‖"], rows: rows)
        for note in notes { lines += ["", note] }
        guard let figure, let chart else { return CellResult(lines: lines) }
        return CellResult(lines: lines + figure.markdown, figures: [FigureFile(path: figure.path, contents: chart.svg())])
    }
}
