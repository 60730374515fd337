import ArgumentParser
import Diffusion
import Foundation

/// The options every subcommand shares: the model (`--spec`), the guided class (`--class`) and
/// the guidance: a constant `--w`, or w on a band of times (`--w` with `--guidance-interval`), or
/// any schedule (`--guidance-schedule`, README.md "Guidance schedules").
struct ModelOptions: ParsableArguments {
    @Option(help: "Path of a JSON mixture spec (README.md, \"Spec format\"; examples in Notebooks/specs/).")
    var spec: String

    @Option(name: .customLong("class"), parsing: .unconditional, help: "Index c of the guided class, counted from 0 in the spec's order.")
    var classIndex: Int = 0

    @Option(
        name: .customLong("w"), parsing: .unconditional,
        help: "Guidance parameter w in [0, 1e12]: g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x); CFG scale 1 + w, w = 0 samples p(·|c).")
    var w: Double?

    @Option(
        name: .customLong("guidance-interval"), parsing: .unconditional,
        help: "LO,HI: apply --w only for times t in [LO, HI] (guidance in a limited interval, Kynkäänniemi et al. 2024); w = 0 outside.")
    var guidanceInterval: NumberList?

    @Option(
        name: .customLong("guidance-schedule"), parsing: .unconditional,
        help: ArgumentHelp(
            "A guidance schedule w(t) as JSON, or @FILE to read it from a file (README.md, \"Guidance schedules\").",
            discussion: """
                {"kind": "interval", "w": 3, "t": [0.3, 2]}, or "sigma": [LO, HI] in noise levels σ = s/m; \
                {"kind": "ramp", "t": [T0, T1], "w": [W0, W1]}; {"kind": "table", "t": [t0, t1, ...], "w": [w0, ...]}; \
                {"kind": "constant", "w": 3}. Not with --w or --guidance-interval.
                """))
    var guidanceSchedule: String?

    func validate() throws {
        guard FileManager.default.isReadableFile(atPath: spec) else {
            throw InputError(field: "spec", value: spec, allowed: "a readable JSON file (no such file or not readable)").validation
        }
        guard classIndex >= 0 else {
            throw InputError(field: "class", value: "\(classIndex)", allowed: "a class index ≥ 0").validation
        }
        if let w, !(w.isFinite && w >= 0 && w <= 1e12) {
            throw InputError(field: "w", value: "\(w)", allowed: "a number in [0, 1e12] (w = 0 is conditional sampling)").validation
        }
        if let interval = guidanceInterval {
            guard interval.values.count == 2 else {
                throw InputError(field: "guidance-interval", value: interval.defaultValueDescription, allowed: "two times LO,HI with 0 < LO < HI").validation
            }
            try interval.check("guidance-interval", allowed: "two finite times LO,HI with 0 < LO < HI") { $0 > 0 }
        }
        if guidanceSchedule != nil, w != nil || guidanceInterval != nil {
            throw InputError(
                field: "guidance-schedule", value: "given with \(w != nil ? "--w" : "--guidance-interval")",
                allowed: "on its own (the schedule holds its w values)").validation
        }
    }

    /// The guidance schedule the options describe: constant `--w` (0 when absent), `--w` on
    /// `--guidance-interval`, or `--guidance-schedule`'s JSON for the spec's process.
    func guidance(process: NoiseSchedule) throws -> GuidanceSchedule {
        if let text = guidanceSchedule {
            let data: Data
            if text.hasPrefix("@") {
                let path = String(text.dropFirst())
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw InputError(field: "guidance-schedule", value: path, allowed: "a readable JSON file after @")
                }
                data = contents
            } else {
                data = Data(text.utf8)
            }
            return try GuidanceSchedule.parse(data, process: process)
        }
        if let interval = guidanceInterval {
            return try GuidanceSchedule.interval(w: w ?? 0, lower: interval.values[0], upper: interval.values[1]).validated()
        }
        return .constant(w ?? 0)
    }

    /// Reads and builds the spec, and checks the class index against it.
    func load() throws -> (mixture: Mixture, schedule: NoiseSchedule) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: spec))
        } catch {
            throw InputError(field: "spec", value: spec, allowed: "a readable JSON file (\(error.localizedDescription))")
        }
        let model = try MixtureSpec.parse(data).build()
        try model.mixture.checkClass(classIndex)
        return model
    }

    /// The guided problem: the spec's mixture and process, class c and the guidance schedule.
    func problem() throws -> GuidedProblem {
        let (mixture, schedule) = try load()
        return try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: classIndex, guidance: guidance(process: schedule))
    }
}

/// `--T` and `--end`, the times a reverse run goes between, shared by `flow` and `sample`; the
/// library (`Limits.checkTimes`) checks them against the process.
struct ReverseTimeOptions: ParsableArguments {
    @Option(
        name: .customLong("T"), parsing: .unconditional,
        help: "Start time T of the reverse process (default: the process's, 10 for OU).")
    var horizon: Double?

    @Option(parsing: .unconditional, help: "End time, in (0, T) (default: the process's, 1e-4 for OU).")
    var end: Double?
}
