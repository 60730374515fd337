import Diffusion
import Foundation
import GuidanceNumerics
import Plot

/// `kind: teleportation`: skip the first k steps of a sampler with the closed-form flow of the
/// data's moment-matched Gaussian (`Teleportation.run`, claim G3.4) and compare the outputs with
/// the full run from the same start points (`Sampler.run`; seeded, deterministic samplers).
///
/// Per sampler and k, in units of the data's largest standard deviation `sd_max`
/// (`MomentMatchedGaussian.largestStandardDeviation`): the noise level jumped to `σ_k` (the k-th
/// time of the sampler's grid, Karras for a VE spec), the median, 99% quantile and RMS of the
/// per-start-point distance `|x_teleported - x_full|`, and the largest per-coordinate two-sample
/// KS distance between the two output sets (`GoodnessOfFit.ksDistance`). A statement about these
/// start points (the samplers are deterministic), not a statistical estimate.
///
/// `plot: lines`: the median distance against k (log y), one line per sampler, its 99% quantile
/// dashed in the same colour.
public struct TeleportationExperiment: Experiment {
    public static let kind = "teleportation"
    public static let summary = "teleportation by the moment-matched Gaussian's closed form: output distance to the full run against the skipped steps (G3.4)"
    public static let keys = ["spec", "samplers", "steps", "skip", "particles", "seed", "plot"] + FigureSettings.keys

    /// The deterministic samplers a jump can precede (the comparison is per start point).
    static let samplerKinds: [SamplerKind] = [.odeEuler, .odeHeun, .odeRK4, .dpmSolverPP2M]

    var spec: MixtureSpec
    var samplers: [SamplerKind]
    var steps: Int
    var skips: [Int]
    var particles: Int
    var seed: UInt64
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        spec = try context.spec(try block.required("spec", allowed: "a JSON spec path"), key: "spec", line: block.line(of: "spec"))
        let names = Self.samplerKinds.map(\.rawValue)
        let samplerLine = block.line(of: "samplers")
        samplers = try (block.text("samplers") ?? SamplerKind.odeHeun.rawValue).split(separator: ",").map { part throws(NotebookError) in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let kind = SamplerKind(rawValue: name), Self.samplerKinds.contains(kind) else {
                throw NotebookError.setting("samplers", name.isEmpty ? "(empty)" : name, allowed: "comma-separated, each one of " + names.joined(separator: ", "), line: samplerLine)
            }
            return kind
        }
        let steps = try block.integer("steps", default: 18, in: 2...10_000)
        self.steps = steps
        let skipLine = block.line(of: "skip")
        skips = try block.numbers("skip", in: 1...1e4).map { k throws(NotebookError) in
            guard k == k.rounded(), Int(k) < steps else {
                throw NotebookError.setting("skip", NumberText.short(k), allowed: "integers in [1, steps - 1 = \(steps - 1)]", line: skipLine)
            }
            return Int(k)
        }
        particles = context.gridPoints(try block.integer("particles", default: 500, in: 1...1_000_000))
        seed = UInt64(try block.integer("seed", default: 1, in: 0...Int.max))
        let plot = try block.choice("plot", default: "none", from: ["none", "lines"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "lines exactly when a figure: is given", line: block.line(of: "plot"))
        }
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let (mixture, schedule) = try spec.build()
        let d = mixture.dimension
        let sdMax = try mixture.momentMatchedGaussian(classIndex: 0).largestStandardDeviation
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        var chart = figure.map { LineChart(frame: $0.frame(xLabel: "steps skipped by the Gaussian jump, of \(steps)", yLabel: "distance to the full run (units of sd_max, log scale)"), yLog: true) }
        var rows: [[String]] = []
        for kind in samplers {
            context.progress("teleportation: \(kind.rawValue), \(particles) particles, \(skips.count) jumps of up to \(skips.max()!) of \(steps) steps")
            let settings = SamplerSettings(kind: kind, steps: steps, particles: particles, seed: seed)
            let fullRun = try Sampler.run(problem, settings)
            let full = fullRun.positions
            rows.append([kind.rawValue, "0", "0", "\(fullRun.scoreEvaluations / particles)", NumberText.short(schedule.s(fullRun.times[0]) / schedule.m(fullRun.times[0])),
                         NumberText.short(schedule.s(fullRun.times[0]) / schedule.m(fullRun.times[0]) / sdMax), "0", "0", "0", "0"])
            var medians: [(Double, Double)] = [], upper: [(Double, Double)] = []
            for k in skips {
                let jump = try Teleportation.run(problem, settings, skip: k)
                let x = jump.batch.positions
                let distances = (0..<particles).map { p in
                    (0..<d).reduce(0) { $0 + (x[p * d + $1] - full[p * d + $1]) * (x[p * d + $1] - full[p * d + $1]) }.squareRoot() / sdMax
                }.sorted()
                let rms = (distances.reduce(0) { $0 + $1 * $1 } / Double(particles)).squareRoot()
                let (median, q99) = (distances[particles / 2], distances[(99 * particles) / 100])
                let ks = (0..<d).map { i in
                    GoodnessOfFit.ksDistance(stride(from: i, to: x.count, by: d).map { x[$0] }, stride(from: i, to: full.count, by: d).map { full[$0] })
                }.max()!
                let sigma = schedule.s(jump.jumpTime) / schedule.m(jump.jumpTime)
                medians.append((Double(k), median))
                upper.append((Double(k), q99))
                rows.append([kind.rawValue, "\(k)", NumberText.short(Double(k) / Double(steps)), "\(jump.batch.scoreEvaluations / particles)",
                             NumberText.short(sigma), NumberText.short(sigma / sdMax), NumberText.short(median), NumberText.short(q99), NumberText.short(rms), NumberText.short(ks)])
            }
            chart?.add("\(kind.rawValue): median", points: medians)
            chart?.add("\(kind.rawValue): 99% quantile", points: upper, dashed: true, colorOf: "\(kind.rawValue): median")
        }
        var lines = MarkdownTable.lines(header: ["sampler", "skipped k", "share of steps", "score evaluations per sample", "σ_k", "σ_k / sd_max", "median distance", "99% quantile", "RMS", "KS"], rows: rows)
        lines += ["", "Distances in units of sd_max = \(NumberText.short(sdMax)) (the data's largest standard deviation); \(particles) start points, seed \(seed)."]
        guard let figure, let chart else { return CellResult(lines: lines) }
        return CellResult(lines: lines + figure.markdown, figures: [FigureFile(path: figure.path, contents: chart.svg())])
    }
}
