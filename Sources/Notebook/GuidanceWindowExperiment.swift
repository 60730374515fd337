import Claims
import Diffusion
import Foundation
import GuidanceNumerics
import Plot

/// `kind: guidance-window`: guidance on one window of noise levels only (Kynkäänniemi et al.,
/// NeurIPS 2024; claims S.1–S.4), at the guidance budget of constant w, the window slid across
/// the run. A window of `width` decades of σ = s/m is placed at `windows` positions equally
/// spaced in log σ, the first starting at σ_end, the last ending at σ_T; on the window
/// `[t_lo, t_hi]` the guidance is `w_window = w ∫_end^T g² dt / ∫_{t_lo}^{t_hi} g² dt`
/// (`GuidanceSchedule.window(budgetOf:…)`, both integrals of the schedule's own g²), 0 elsewhere,
/// so that `B = ∫ w(t) g(t)² dt` is the same for every window and for constant w. Per window:
/// - `example: G2.3` (`GainIsNotPerSample.example`: three 1-D Gaussian classes, DDPM linear β,
///   T = 1 → 1e-3, PF-ODE from `p_T(·|c)`): `E[1/p_end(c|x_out)]` exactly
///   (`GaussianClasses.exactODEExpectation(guidance:)`: flow map at 1e-10 with the window's ends as
///   break points, quadrature at 1e-8; no Monte Carlo error);
/// - `spec: PATH`: a seeded `Sampler.run` (`sampler`, `steps`, `grid`, `particles`, `seed`), the
///   share of the output inside the guided class's support (`SampleSummary.insideShare`, standard
///   error ≤ `0.5/√n`), the mean of its coordinate x₁, and the Monte Carlo mean of `1/p_end(c|x_out)` (`PosteriorDeficit.inverseClassPosterior`
///   at the end time) with its standard error `sd/√n`.
/// Two reference rows (w = 0 and constant w, computed the same way) close the table.
///
/// `plot: reciprocal` (or `share`, spec only): the quantity against the window's centre σ (log x),
/// the two references as dashed horizontal lines.
public struct GuidanceWindowExperiment: Experiment {
    public static let kind = "guidance-window"
    public static let summary = "guidance on a sliding window of noise levels at the budget of constant w: exact E[1/p(c|x_out)] (G2.3's example) or a sampler's in-support share and E[1/p] (a spec)"
    public static let keys = ["example", "spec", "class", "w", "width", "windows", "T", "end", "sampler", "steps", "grid", "particles", "seed", "plot"]
        + FigureSettings.keys
    /// The keys of the sampled setting, refused with `example:`.
    static let samplingKeys = ["class", "T", "end", "sampler", "steps", "grid", "particles", "seed"]

    /// One window: its times and noise levels.
    struct Window {
        var lower: Double, upper: Double
        var sigmaLower: Double, sigmaUpper: Double
        /// The geometric mean of its σ bounds (where the figure places it).
        var centre: Double { (sigmaLower * sigmaUpper).squareRoot() }
    }

    /// What one guidance schedule gives: the in-support share and the mean of x₁ (spec only), the
    /// mean of `1/p(c|x_out)` and its standard error (nil when exact).
    struct Measurement {
        var share: Double?
        var meanX1: Double?
        var mean: Double
        var standardError: Double?
    }

    /// The sampled setting: nil for the exact G2.3 example.
    var sampled: (mixture: Mixture, classIndex: Int, settings: SamplerSettings)?
    var schedule: NoiseSchedule
    var horizon: Double, end: Double
    var w: Double
    var width: Double
    var windows: Int
    var plot: String
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        let specPath = block.text("spec"), example = block.text("example")
        guard (specPath == nil) != (example == nil) else {
            throw NotebookError.setting("spec", specPath ?? "(missing)", allowed: "a JSON spec path or example: G2.3, exactly one", line: block.line(of: "spec"))
        }
        if let specPath {
            let (mixture, schedule) = try context.spec(specPath, key: "spec", line: block.line(of: "spec")).build()
            let classIndex = try block.integer("class", default: 0, in: 0...1000)
            try mixture.checkClass(classIndex)
            horizon = try block.number("T", default: schedule.defaultHorizon, in: 1e-6...schedule.maximumTime)
            end = try block.number("end", default: schedule.defaultEnd, in: 1e-12...1e3)
            guard end < horizon else { throw NotebookError.setting("end", "\(end)", allowed: "a time < T = \(horizon)", line: block.line(of: "end")) }
            let name = try block.choice("sampler", default: SamplerKind.odeEuler.rawValue, from: SamplerKind.allCases.map(\.rawValue))
            let grid = try block.choice("grid", default: TimeGrid.karras.rawValue, from: TimeGrid.allCases.map(\.rawValue))
            let settings = SamplerSettings(
                kind: SamplerKind(rawValue: name)!, steps: try block.integer("steps", default: 1000, in: 1...100_000),
                particles: context.gridPoints(try block.integer("particles", default: 500, in: 2...1_000_000)),
                seed: UInt64(try block.integer("seed", default: 1, in: 0...Int.max)), horizon: horizon, end: end, grid: TimeGrid(rawValue: grid)!)
            sampled = (mixture, classIndex, settings)
            self.schedule = schedule
        } else {
            _ = try block.choice("example", default: "G2.3", from: ["G2.3"])
            for key in Self.samplingKeys where block.text(key) != nil {
                throw NotebookError.setting(key, "(given)", allowed: "only with spec: (example: G2.3 is solved exactly, with its own schedule)", line: block.line(of: key))
            }
            (schedule, horizon, end) = (GaussianClasses.schedule, GaussianClasses.horizon, GaussianClasses.end)
        }
        guard block.text("w") != nil else {
            throw NotebookError.setting("w", "(missing)", allowed: "the constant w whose budget the windows spend, a number in [1e-06, 1e+04]", line: block.cellLine)
        }
        w = try block.number("w", default: 1, in: 1e-6...1e4)
        let decades = log10(schedule.sigma(horizon) / schedule.sigma(end))
        width = try block.number("width", default: 1, in: 1e-3...1e3)
        guard width <= decades * (1 + 1e-12) else {
            throw NotebookError.setting("width", block.text("width") ?? "", allowed: "a number of decades of σ in [0.001, \(String(format: "%.10g", decades))] (log10 σ_T/σ_end of the run)", line: block.line(of: "width"))
        }
        windows = context.gridPoints(try block.integer("windows", default: 5, in: 1...200))
        plot = try block.choice("plot", default: "none", from: ["none", "reciprocal", "share"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "reciprocal or share exactly when a figure: is given", line: block.line(of: "plot"))
        }
        if plot == "share", sampled == nil {
            throw NotebookError.setting("plot", plot, allowed: "reciprocal (the G2.3 example has no support boundary; share needs spec:)", line: block.line(of: "plot"))
        }
    }

    /// The windows: `width` decades of σ, their lower ends equally spaced in log σ from σ_end
    /// (the first window starts at `end` itself) to `σ_T / 10^width` (the last ends at T itself).
    func placements() throws -> [Window] {
        let (first, last) = (log10(schedule.sigma(end)), log10(schedule.sigma(horizon)))
        let step = windows > 1 ? (last - first - width) / Double(windows - 1) : 0
        return try (0..<windows).map { k in
            let a = first + Double(k) * step, b = min(a + width, last)
            let lower = k == 0 ? end : try schedule.time(atSigma: pow(10, a))
            let upper = last - b <= 1e-9 ? horizon : try schedule.time(atSigma: pow(10, b))
            return Window(lower: lower, upper: upper, sigmaLower: schedule.sigma(lower), sigmaUpper: schedule.sigma(upper))
        }
    }

    /// The output under `guidance`: exact for the example, from one seeded sampler run for a spec.
    func measure(_ guidance: GuidanceSchedule) throws -> Measurement {
        guard let sampled else {
            let example = GainIsNotPerSample.example
            if let constant = guidance.constantValue { return Measurement(mean: try ReciprocalPosteriorExperiment.exactValue(example, w: constant)) }
            return Measurement(mean: try example.exactODEExpectation(guidance: guidance).value)
        }
        let (mixture, c) = (sampled.mixture, sampled.classIndex)
        let batch = try Sampler.run(try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: c, guidance: guidance), sampled.settings)
        let values = try PosteriorDeficit.inverseClassPosterior(mixture, classIndex: c, m: schedule.m(end), s: schedule.s(end), positions: batch.positions)
            .filter(\.isFinite)
        let n = Double(values.count), mean = values.reduce(0, +) / n
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / max(n - 1, 1)).squareRoot()
        let x1 = batch.coordinate(0).filter(\.isFinite)
        return Measurement(share: SampleSummary.insideShare(batch, mixture: mixture, classIndex: c), meanX1: x1.reduce(0, +) / Double(max(x1.count, 1)),
                           mean: mean, standardError: sd / n.squareRoot())
    }

    /// A table row's quantity cells.
    func cells(_ m: Measurement) -> [String] {
        guard sampled != nil else { return [NumberText.short(m.mean)] }
        return [NumberText.short(m.share!), NumberText.short(m.meanX1!), NumberText.short(m.mean), NumberText.scientific(m.standardError!)]
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let total = try schedule.gSquaredIntegral(from: end, to: horizon)
        let budget = w * total
        var rows: [[String]] = [], points: [(Double, Double)] = []
        let placed = try placements()
        for (k, window) in placed.enumerated() {
            context.progress("guidance-window: window \(k + 1) of \(placed.count), σ in [\(NumberText.short(window.sigmaLower)), \(NumberText.short(window.sigmaUpper))]")
            let guidance = try GuidanceSchedule.window(budgetOf: w, lower: window.lower, upper: window.upper, schedule: schedule, horizon: horizon, end: end)
            let windowW = guidance.peak, measured = try measure(guidance)
            rows.append(["[\(NumberText.short(window.lower)), \(NumberText.short(window.upper))]", "[\(NumberText.short(window.sigmaLower)), \(NumberText.short(window.sigmaUpper))]",
                         NumberText.short(window.centre), NumberText.short(windowW),
                         NumberText.short(windowW * (try schedule.gSquaredIntegral(from: window.lower, to: window.upper)))] + cells(measured))
            points.append((window.centre, plot == "share" ? measured.share! : measured.mean))
        }
        context.progress("guidance-window: the references w = 0 and constant w = \(NumberText.short(w))")
        let run = "[\(NumberText.short(end)), \(NumberText.short(horizon))]", sigmas = "[\(NumberText.short(schedule.sigma(end))), \(NumberText.short(schedule.sigma(horizon)))]"
        var references: [(String, Double)] = []
        for (name, value) in [("none (w = 0)", 0.0), ("all (constant w)", w)] {
            let measured = try measure(.constant(value))
            rows.append(["\(name) \(run)", sigmas, "—", NumberText.short(value), NumberText.short(value * total)] + cells(measured))
            references.append((value == 0 ? "no guidance (w = 0)" : "constant w = \(NumberText.short(w))", plot == "share" ? measured.share! : measured.mean))
        }
        let quantities = sampled == nil ? ["E[1/p(c|x_out)] (exact)"] : ["in class support", "mean x₁", "E[1/p(c|x_out)]", "± s.e."]
        var lines = MarkdownTable.lines(header: ["window t", "window σ", "centre σ", "w on the window", "budget w ∫ g² dt"] + quantities, rows: rows)
        lines += ["", "Budget B = w ∫ g² dt over the run t ∈ \(run) = \(NumberText.short(w)) × \(NumberText.short(total)) = \(NumberText.short(budget)); "
            + "\(placed.count) windows, each \(NumberText.short(width)) decade(s) of σ wide; w = 0 outside the window."]
        if let settings = sampled?.settings {
            lines[lines.count - 1] += " \(settings.kind.rawValue), \(settings.steps) steps (\(settings.grid!.rawValue) grid), \(settings.particles) particles, seed \(settings.seed): "
                + "the share's standard error is at most 0.5/√n = \(NumberText.short(0.5 / Double(settings.particles).squareRoot())), p(c|x) at t = \(NumberText.short(end))."
        }
        guard let figure else { return CellResult(lines: lines) }
        let yLabel = plot == "share" ? "share of the output in the class's support" : "E[1/p(c|x_out)] (dimensionless)"
        var chart = LineChart(frame: figure.frame(xLabel: "centre of the guidance window, noise level σ = s/m (log scale)", yLabel: yLabel), xLog: true)
        chart.add("guidance on the window, budget of constant w = \(NumberText.short(w))", points: points)
        let span = (placed.map(\.centre).min()!, placed.map(\.centre).max()!)
        for (name, value) in references { chart.add(name, points: [(span.0, value), (span.1, value)], dashed: true) }
        return CellResult(lines: lines + figure.markdown, figures: [FigureFile(path: figure.path, contents: chart.svg())])
    }
}
