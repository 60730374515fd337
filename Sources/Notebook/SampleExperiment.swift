import Diffusion
import Foundation
import Plot

/// `kind: sample`: a guided sampler run at several w (`Sampler.run`, seeded: particle p's start
/// and noise are Philox draws keyed by `(seed, p, step)`, so the output is the same on every
/// machine and thread count), summarised per w: the share of particles inside the guided class's
/// support (`SampleSummary.insideShare`), the mean and standard deviation of coordinate x₁ at
/// the end, and the overshoot of the mean x₁ path (`GuidancePrescription.overshoot`: how far the
/// mean path went past where it ends). Monte Carlo: each share has standard error at most
/// `0.5/√n` for n particles (`particles` at the `ci` profile, 4× at `thorough`).
///
/// Figures (`plot`): `scatter`, the end positions of a 2-D spec per w (up to 250 per w) with every
/// class's support boxes drawn dashed; `mean-path`, the mean of x₁ against time per w with a
/// ±1 sd band across particles.
public struct SampleExperiment: Experiment {
    public static let kind = "sample"
    public static let summary = "a seeded guided sampler run at several w: in-support share, end mean and sd, mean-path overshoot"
    public static let keys = ["spec", "class", "w", "sampler", "steps", "particles", "seed", "T", "end", "plot"] + FigureSettings.keys

    var spec: MixtureSpec
    var classIndex: Int
    var ws: [Double]
    var sampler: SamplerKind
    var steps: Int
    var particles: Int
    var seed: UInt64
    var horizon: Double?
    var end: Double?
    var plot: String
    var figure: FigureSettings?

    /// End positions drawn per w in a scatter, and the most times drawn of a mean path (the SVG
    /// stays small: a path of 1000 steps is drawn at every k-th time, k = ⌈1001/200⌉).
    static let scatterPoints = 250, pathPoints = 200

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        spec = try context.spec(try block.required("spec", allowed: "a JSON spec path"), key: "spec", line: block.line(of: "spec"))
        classIndex = try block.integer("class", default: 0, in: 0...1000)
        ws = try block.numbers("w", in: 0...1e12)
        let name = try block.choice("sampler", default: SamplerKind.odeEuler.rawValue, from: SamplerKind.allCases.map(\.rawValue))
        sampler = SamplerKind(rawValue: name)!
        steps = try block.integer("steps", default: 1000, in: 1...100_000)
        particles = context.gridPoints(try block.integer("particles", default: 500, in: 1...1_000_000))
        seed = UInt64(try block.integer("seed", default: 1, in: 0...Int.max))
        horizon = try block.text("T").map { _ in try block.number("T", default: 10, in: 1e-6...1e5) }
        end = try block.text("end").map { _ in try block.number("end", default: 1e-4, in: 1e-12...1e3) }
        plot = try block.choice("plot", default: "none", from: ["none", "scatter", "mean-path"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "a plot (scatter, mean-path) exactly when a figure: is given", line: block.line(of: "plot"))
        }
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let (mixture, schedule) = try spec.build()
        try mixture.checkClass(classIndex)
        let d = mixture.dimension
        if plot == "scatter", d != 2 {
            throw NotebookError.setting("plot", "scatter", allowed: "a 2-D spec (this one has dimension \(d))", line: 0)
        }
        var rows: [[String]] = []
        var scatter = figure.map { ScatterChart(frame: $0.frame(xLabel: "x₁ (data units)", yLabel: "x₂ (data units)")) }
        var paths = figure.map { LineChart(frame: $0.frame(xLabel: "time t (reverse run goes right to left)", yLabel: "mean of x₁ ± 1 sd (data units)")) }
        if var chart = scatter {
            for (c, cls) in mixture.classes.enumerated() {
                for (k, entry) in cls.components.enumerated() {
                    let (lower, upper) = entry.component.bounds
                    guard lower.allSatisfy(\.isFinite), upper.allSatisfy(\.isFinite) else { continue }
                    chart.region("support of class \(c)" + (cls.components.count > 1 ? ", part \(k)" : ""), lower: (lower[0], lower[1]), upper: (upper[0], upper[1]))
                }
            }
            scatter = chart
        }
        for (k, w) in ws.enumerated() {
            context.progress("sample: w = \(NumberText.short(w)) (\(k + 1) of \(ws.count)), \(particles) particles × \(steps) steps")
            let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: classIndex, w: w)
            var settings = SamplerSettings(kind: sampler, steps: steps, particles: particles, seed: seed, horizon: horizon, end: end)
            settings.recordedPaths = plot == "mean-path" ? particles : 0
            let batch = try Sampler.run(problem, settings)
            let x1 = batch.coordinate(0).filter(\.isFinite)
            let mean = x1.reduce(0, +) / Double(max(x1.count, 1))
            let sd = (x1.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(x1.count - 1, 1))).squareRoot()
            let meanPath = stride(from: 0, to: batch.meanPath.count, by: d).map { batch.meanPath[$0] }
            rows.append([NumberText.short(w), NumberText.short(SampleSummary.insideShare(batch, mixture: mixture, classIndex: classIndex)),
                         NumberText.short(mean), NumberText.short(sd), NumberText.short(GuidancePrescription.overshoot(meanPath))])
            let name = "w=\(NumberText.short(w))"
            if var chart = scatter {
                let shown = min(batch.count, Self.scatterPoints)
                chart.add(name, points: (0..<shown).map { (batch.positions[$0 * d], batch.positions[$0 * d + 1]) })
                scatter = chart
            }
            if var chart = paths {
                // The sd across particles at each visited time, from the recorded paths.
                let every = (batch.times.count + Self.pathPoints - 1) / Self.pathPoints
                var shown = Array(stride(from: 0, to: batch.times.count, by: every))
                if shown.last != batch.times.count - 1 { shown.append(batch.times.count - 1) }
                let band = shown.map { i -> (Double, Double) in
                    let values = batch.paths.map { $0[i * d] }
                    let m = values.reduce(0, +) / Double(values.count)
                    let s = (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(values.count - 1, 1))).squareRoot()
                    return (meanPath[i] - s, meanPath[i] + s)
                }
                chart.add(name, points: shown.map { (batch.times[$0], meanPath[$0]) }, band: band)
                paths = chart
            }
        }
        var lines = MarkdownTable.lines(header: ["w", "in class support", "mean x₁", "sd x₁", "mean-path overshoot of x₁"], rows: rows)
        if let figure {
            let svg = plot == "scatter" ? scatter!.svg() : paths!.svg()
            lines += figure.markdown
            return CellResult(lines: lines, figures: [FigureFile(path: figure.path, contents: svg)])
        }
        return CellResult(lines: lines)
    }
}
