import Claims
import Diffusion
import Foundation
import GuidanceNumerics
import Plot

/// `kind: reciprocal-posterior`: `E_w[1/p(c|x_out)]` against w per sampler and step count, on the
/// named example of claim G2.3 (`GainIsNotPerSample.example`: π ∝ 0.4 : 0.6 : 0.3, class c =
/// N(0, 1) between N(1.2, 0.3) and N(-1, 0.2); DDPM linear schedule, T = 1 → tEnd = 1e-3,
/// `p(c|x_out) := p_{tEnd}(c|x_out)`, every sampler started from `p_T(·|c)` on a Karras grid in t).
///
/// Per sampler and w: the Monte Carlo mean of `u = 1/p(c|x_out)` over n shared start points and
/// shared noise (common random numbers across w and samplers; standard error `sd/√n`); the share
/// of particles whose `p(c|x_out)` is lower than at w = 0 (the per-sample gain of G2.3 fails for
/// them); for `sde-em`, the Itô prediction `1/π_c - E[I_w]` with the per-particle integral of
/// `PosteriorDeficit` (`E_w[u_end] = E[u_start] - w ∫ g² E_w[|∇ℓ|² u] dτ` and `E[u_start] = 1/π_c`
/// by G2.1; its left-point sum is off by `O(max h)`). The exact probability-flow value
/// (`GaussianClasses.exactODEExpectation`: 1-D flow map at 1e-10 and quadrature at 1e-8) is the
/// reference of the ODE samplers and of DDIM (η = 0, a discretisation of the same ODE); `exact: no`
/// leaves it out (it costs about a second per w). With
/// `slope: yes`, the exact slope `dE_w/dw` at w = 0 of the reverse SDE,
/// `-∫ g² E_{p_t(·|c)}[|∇ℓ|²/p_t(c|x)] dt` (`GuidanceLowersInversePosterior.slopeAtZero`: QAGS in t
/// at relative 1e-6 over QAGI in x at 1e-8), is printed under the table.
///
/// `plot: lines`: one line per sampler against w; the exact ODE curve dashed in the colour of the
/// first deterministic sampler, the Itô prediction dashed in the colour of its `sde-em` run.
public struct ReciprocalPosteriorExperiment: Experiment {
    public static let kind = "reciprocal-posterior"
    public static let summary = "E_w[1/p(c|x_out)] against w per sampler (G2.3's example): Itô prediction, exact ODE value, share whose p(c|x) falls"
    public static let keys = ["example", "w", "samplers", "particles", "seed", "exact", "slope", "plot"] + FigureSettings.keys

    /// The samplers a run may name: every one except the adaptive ODE (one rk8pd solve per particle).
    static let samplerKinds: [SamplerKind] = SamplerKind.allCases.filter { $0 != .odeAdaptive }

    var ws: [Double]
    var samplers: [(kind: SamplerKind, steps: Int)]
    var particles: Int
    var seed: UInt64
    var exact: Bool
    var slope: Bool
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        _ = try block.choice("example", default: "G2.3", from: ["G2.3"])
        ws = try block.numbers("w", in: 0...1e4)
        guard ws.contains(0) else {
            throw NotebookError.setting("w", block.text("w") ?? "", allowed: "values in [0, 1e4] including 0 (the share compares with w = 0)", line: block.line(of: "w"))
        }
        samplers = try Self.samplers(try block.required("samplers", allowed: "KIND-STEPS, comma-separated"), line: block.line(of: "samplers"))
        particles = context.gridPoints(try block.integer("particles", default: 2000, in: 1...1_000_000))
        seed = UInt64(try block.integer("seed", default: 1, in: 0...Int.max))
        exact = try block.choice("exact", default: "yes", from: ["yes", "no"]) == "yes"
        slope = try block.choice("slope", default: "no", from: ["yes", "no"]) == "yes"
        let plot = try block.choice("plot", default: "none", from: ["none", "lines"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "lines exactly when a figure: is given", line: block.line(of: "plot"))
        }
    }

    /// Parses `ode-euler-10, ddim-5`: a sampler kind, a hyphen, its step count in [1, 10000].
    static func samplers(_ text: String, line: Int) throws(NotebookError) -> [(kind: SamplerKind, steps: Int)] {
        let allowed = "KIND-STEPS, comma-separated, KIND one of " + samplerKinds.map(\.rawValue).joined(separator: ", ") + " and STEPS in [1, 10000]"
        var out: [(kind: SamplerKind, steps: Int)] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let dash = part.lastIndex(of: "-"), let kind = SamplerKind(rawValue: String(part[..<dash])), samplerKinds.contains(kind),
                  let steps = Int(part[part.index(after: dash)...]), (1...10_000).contains(steps) else {
                throw NotebookError.setting("samplers", part.isEmpty ? "(empty)" : part, allowed: allowed, line: line)
            }
            out.append((kind, steps))
        }
        return out
    }

    /// One sampler's run at one w: `1/p(c|x_out)` per particle and, for `sde-em`, the Itô prediction.
    func endValues(_ example: GaussianClasses, _ problem: GuidedProblem, kind: SamplerKind, steps: Int, start: [Double], noise: UInt64) throws -> (values: [Double], ito: Double?) {
        if kind == .sdeEulerMaruyama {
            let run = try PosteriorDeficit.run(problem, times: GaussianClasses.times(steps: steps), start: start, seed: noise)
            return (run.endValues, 1 / example.classPrior - Self.mean(run.weightedDeficits))
        }
        let settings = SamplerSettings(kind: kind, steps: steps, particles: start.count, seed: noise,
                                       horizon: GaussianClasses.horizon, end: GaussianClasses.end, grid: .karras)
        return (try example.endValues(try Sampler.run(problem, settings, start: start).positions), nil)
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    /// The exact probability-flow values already computed in this process, by w: the example is
    /// fixed, so two cells asking for the same w get the same number without a second
    /// quadrature (about a second each).
    static let exactValues = Locked<[Double: Double]>([:])

    /// `GaussianClasses.exactODEExpectation(w:)` of the example, through `exactValues`.
    static func exactValue(_ example: GaussianClasses, w: Double) throws -> Double {
        if let known = exactValues.withLock({ $0[w] }) { return known }
        let value = try example.exactODEExpectation(w: w).value
        exactValues.withLock { $0[w] = value }
        return value
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let example = GainIsNotPerSample.example
        let mixture = try example.mixture()
        let start = try example.classStart(count: particles, seed: seed)
        let noise = RandomStream.derive(seed: seed, index: 1)
        let zero = ws.firstIndex(of: 0)!
        var chart = figure.map { LineChart(frame: $0.frame(xLabel: "guidance strength w", yLabel: "E[1/p(c|x_out)] (dimensionless)")) }
        var rows: [[String]] = []
        var exactOwner: String?
        for (kind, steps) in samplers {
            context.progress("reciprocal-posterior: \(kind.rawValue) with \(steps) steps, \(ws.count) values of w, \(particles) particles")
            let runs = try ws.map { w in
                try endValues(example, try GuidedProblem(mixture: mixture, schedule: GaussianClasses.schedule, classIndex: 0, w: w),
                              kind: kind, steps: steps, start: start, noise: noise)
            }
            var means: [(Double, Double)] = [], itos: [(Double, Double)] = []
            for (w, run) in zip(ws, runs) {
                let m = Self.mean(run.values)
                let sd = (run.values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(particles - 1, 1))).squareRoot()
                let worse = zip(run.values, runs[zero].values).filter { $0 > $1 }.count
                means.append((w, m))
                if let ito = run.ito { itos.append((w, ito)) }
                rows.append([kind.rawValue, "\(steps)", NumberText.short(w), NumberText.short(m), NumberText.short(sd / Double(particles).squareRoot()),
                             run.ito.map(NumberText.short) ?? "—", w == 0 ? "—" : NumberText.short(Double(worse) / Double(particles))])
            }
            let name = "\(kind.rawValue), \(steps) steps"
            chart?.add(name, points: means)
            if !itos.isEmpty { chart?.add("Itô prediction 1/π_c − E[I_w], \(kind.rawValue) \(steps)", points: itos, dashed: true, colorOf: name) }
            if !kind.isStochastic || kind == .ddim, exactOwner == nil { exactOwner = name }
        }
        if exact {
            context.progress("reciprocal-posterior: the exact probability-flow value at \(ws.count) values of w")
            let values = try ws.map { try Self.exactValue(example, w: $0) }
            for (w, value) in zip(ws, values) { rows.append(["exact ODE (flow map)", "—", NumberText.short(w), NumberText.short(value), "—", "—", "—"]) }
            chart?.add("exact probability-flow ODE", points: Array(zip(ws, values)), dashed: true, colorOf: exactOwner)
        }
        var lines = MarkdownTable.lines(header: ["sampler", "steps", "w", "E[1/p(c|x_out)]", "± s.e.", "Itô prediction", "share with lower p(c|x) than at w = 0"], rows: rows)
        lines += ["", "1/π_c = \(NumberText.short(1 / example.classPrior)) (the value at w = 0 of the exact samplers, G2.1); \(particles) particles, seed \(seed)."]
        if slope {
            context.progress("reciprocal-posterior: the exact slope at w = 0 (double quadrature)")
            let value = try GuidanceLowersInversePosterior.slopeAtZero(example)
            lines += ["", "Exact slope of the reverse SDE's E_w at w = 0: dE_w/dw = \(NumberText.short(value.value)) (double quadrature, error estimate \(NumberText.short(value.error)))."]
        }
        guard let figure, let chart else { return CellResult(lines: lines) }
        return CellResult(lines: lines + figure.markdown, figures: [FigureFile(path: figure.path, contents: chart.svg())])
    }
}
