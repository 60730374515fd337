import ClaimKit
import Diffusion
import Foundation
import GuidanceCLI
import Notebook

/// The fuzz targets: each takes any bytes, drives one public surface of the library with them and
/// returns. A thrown error is the library refusing bad input, which is what it should do; a trap,
/// a sanitizer report or a hang is a bug. `GuidanceFuzz` (built only with `GUIDANCE_FUZZ=1`, see
/// `Tests/Fuzz/README.md`) runs them under libFuzzer; `FuzzReplayTests` replays every seed and
/// every saved crash input through the same functions on each `swift test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Spec parse → build → noised evaluation at chosen (t, x) for every class and w, and the
    /// spec's JSON read back.
    case spec
    /// A short guided run (3 particles, 4 steps) of every sampler on the spec.
    case sampler
    /// The exact 1-D flow map (quantiles, CDF) and the tilted law on a 1-D spec.
    case flow
    /// The `guidance` command line: arguments one per line, parsed and validated (never run).
    case cli
    /// The shard files of `guidance check --json`: read, validated, merged, rendered as the
    /// verdict table (`ShardsTarget`).
    case shards
    /// A text notebook: parsed, written back (must give the same text), its cells' settings and
    /// command lines read (never run).
    case notebook

    /// The folder of `Tests/Fuzz/Corpus` its seeds come from: the spec-driven targets share the
    /// spec seeds.
    public var corpus: String {
        switch self {
        case .spec, .sampler, .flow: return "spec"
        case .cli, .shards, .notebook: return rawValue
        }
    }

    /// The libFuzzer dictionary in `Tests/Fuzz`: the spec's keys and kinds, the CLI's words, the
    /// shard file's keys and values, or the notebook format's markers.
    public var dictionary: String { corpus + ".dict" }

    public func run(_ data: Data) {
        let input = FuzzInput(data)
        switch self {
        case .spec: SpecTarget.run(input)
        case .sampler: SamplerTarget.run(input)
        case .flow: FlowTarget.run(input)
        case .cli: CommandLineTarget.run(input)
        case .shards: ShardsTarget.run(input)
        case .notebook: NotebookTarget.run(text: String(decoding: data, as: UTF8.self))
        }
    }
}

/// The spec and model the spec-driven targets share: nil when the library refuses the input.
func model(_ input: FuzzInput) -> (spec: MixtureSpec, mixture: Mixture, schedule: NoiseSchedule)? {
    guard let spec = try? MixtureSpec.parse(input.payload), let (mixture, schedule) = try? spec.build() else { return nil }
    return (spec, mixture, schedule)
}

enum SpecTarget {
    /// Default grid: times across the schedule, points near and far (scaled per coordinate),
    /// guidance from none to extreme, and class indices one past each end.
    static func run(_ input: FuzzInput) {
        // The same bytes as a guidance schedule's JSON (README, "Guidance schedules").
        _ = try? GuidanceSchedule.parse(input.payload, process: .ou)
        guard let (spec, mixture, schedule) = model(input) else { return }
        _ = try? MixtureSpec.parse(Data(spec.json().utf8)).build()
        let d = mixture.dimension
        let times = [input.number(0, else: 1e-3), 0.3, schedule.defaultHorizon]
        let ws = [0, input.number(1, else: 4), 1e6]
        let points = [input.number(2, else: 0), 1.5, -40, 1e6]
        for t in times {
            guard let noised = try? mixture.noised(at: t, schedule: schedule) else { continue }
            for x in points {
                let point = (0..<d).map { i in input.number(3 + i, else: x) }
                for c in -1...mixture.classes.count {
                    for w in ws { _ = try? noised.evaluate(point, classIndex: c, w: w) }
                }
            }
        }
    }
}

enum SamplerTarget {
    static func run(_ input: FuzzInput) {
        guard let (_, mixture, schedule) = model(input) else { return }
        let w = input.number(0, else: 2)
        let c = Int(exactly: input.number(1, else: 0).rounded(.down)) ?? 0
        guard let problem = try? GuidedProblem(mixture: mixture, schedule: schedule, classIndex: c, w: w) else { return }
        for kind in SamplerKind.allCases {
            var settings = SamplerSettings(
                kind: kind, steps: 4, particles: 3, seed: UInt64(input.payload.count),
                horizon: input.numbers.count > 2 ? input.numbers[2] : nil, end: input.numbers.count > 3 ? input.numbers[3] : nil)
            // As in FlowTarget: a far-flung support makes the adaptive solve stiff; bound its steps.
            settings.adaptiveMaxSteps = FlowTarget.maxSteps
            _ = try? Sampler.run(problem, settings)
        }
    }
}

enum FlowTarget {
    /// Steps per flow solve: a stiff field from a far start point (the cdf of a point outside the
    /// class support searches start points out to ±1000σ) would otherwise take seconds per solve;
    /// smooth solves at tolerance 1e-6 take far fewer.
    static let maxSteps = 2_000

    static func run(_ input: FuzzInput) {
        guard let (_, mixture, schedule) = model(input), mixture.dimension == 1 else { return }
        let w = input.number(0, else: 1)
        let c = Int(exactly: input.number(1, else: 0).rounded(.down)) ?? 0
        if let problem = try? GuidedProblem(mixture: mixture, schedule: schedule, classIndex: c, w: w),
           let flow = try? FlowMap1D(
               problem: problem, horizon: schedule.defaultHorizon, end: max(schedule.defaultEnd, 1e-3), tolerance: 1e-6,
               maxSteps: FlowTarget.maxSteps) {
            for q in [input.number(2, else: 0.5), 0.01, 0.99] { _ = try? flow.quantile(q) }
            _ = try? flow.cdf(input.number(3, else: 0))
        }
        // A piecewise-constant schedule with fuzzer-chosen jumps: the flow solves piece by piece.
        let guidance = GuidanceSchedule.table(
            breaks: [input.number(4, else: 0.01), input.number(5, else: 0.5), input.number(6, else: 3)], values: [w, input.number(7, else: 0)])
        if let problem = try? GuidedProblem(mixture: mixture, schedule: schedule, classIndex: c, guidance: guidance),
           let flow = try? FlowMap1D(
               problem: problem, horizon: schedule.defaultHorizon, end: max(schedule.defaultEnd, 1e-3), tolerance: 1e-6,
               maxSteps: FlowTarget.maxSteps) {
            _ = try? flow.quantile(input.number(2, else: 0.5))
        }
        if let tilted = try? TiltedLaw(mixture: mixture, classIndex: c, w: w, relativeTolerance: 1e-6) {
            _ = try? tilted.cdf(input.number(3, else: 0))
            _ = try? tilted.quantile(input.number(2, else: 0.5))
        }
    }
}

enum CommandLineTarget {
    static func run(_ input: FuzzInput) {
        let arguments = String(decoding: input.payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(64).map(String.init)
        _ = try? Guidance.parseAsRoot(arguments)
    }
}

public enum ShardsTarget {
    /// The line between two files in one input.
    static let separator = "=====\n"

    /// The payload is one or more shard files separated by `=====` lines: each is read and
    /// validated as `guidance check merge` reads it (`RunRecord.validated`); those that read are
    /// merged (`ShardMerge.merge`), and the merge's results rendered as the verdict table and the
    /// readable reports.
    static func run(_ input: FuzzInput) {
        guard let (merged, results) = merge(input), let seed = merged.masterSeedValue else { return }
        _ = VerdictTable.render(results, budget: merged.budget, masterSeed: seed, profile: merged.profile)
        _ = results.map(\.readableReport)
        _ = try? RunRecord.encoded(merged)
    }

    /// The merged record and its results; nil when no file reads or the files do not merge.
    public static func merge(_ input: FuzzInput) -> (RunRecord, [ClaimResult])? {
        let files = String(decoding: input.payload, as: UTF8.self).components(separatedBy: separator).prefix(16)
        let records = files.enumerated().compactMap { i, text in
            (try? RunRecord.validated(Data(text.utf8))).map { (name: "file-\(i)", record: $0) }
        }
        guard let merged = try? ShardMerge.merge(records), let seed = merged.masterSeedValue,
              let results = try? merged.claims.map({ try $0.result(profile: merged.profile, masterSeed: seed) })
        else { return nil }
        return (merged, results)
    }
}

enum NotebookTarget {
    /// The whole input is the notebook's text (no `--` numbers: a notebook may hold any line).
    static func run(text: String) {
        guard let document = try? NotebookDocument.parse(text) else { return }
        // The format's promise: what it reads it writes back unchanged.
        guard document.text == text else { fatalError("notebook round trip changed the text") }
        for cell in document.cells {
            switch cell.kind {
            case .guidance:
                for (k, line) in cell.body.enumerated() { _ = try? GuidanceCommandLine(line, line: cell.line + 1 + k, directory: "/nb") }
            case .experiment:
                guard var block = try? ExperimentBlock(body: cell.body, cellLine: cell.line) else { continue }
                _ = try? block.choice("kind", default: "", from: ExperimentKinds.all.map(\.kind))
                _ = try? block.numbers("w", in: 0...1e12)
                _ = try? block.integer("class", default: 0, in: 0...1000)
                _ = try? FigureSettings.read(&block)
                _ = try? block.finish(allowed: ["kind", "w", "class"])
            }
            _ = CellFingerprint.of(cell, profile: "ci")
            if let output = cell.output, let again = try? NotebookDocument.parse(output.renderedLines.joined(separator: "\n")) {
                _ = again.cells
            }
        }
        var rewritten = document
        for cell in document.cells {
            rewritten.setOutput(StoredOutput(attributes: [.init("profile", "ci")], lines: ["| w |"]), ofCell: cell.number)
        }
        guard let reread = try? NotebookDocument.parse(rewritten.text), reread.cells.count == document.cells.count else {
            fatalError("a notebook with outputs written back no longer reads as the same cells")
        }
    }
}
