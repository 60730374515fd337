import ArgumentParser
import Diffusion
import Foundation

/// The options every subcommand shares: the model (`--spec`), the guided class (`--class`) and
/// the guidance parameter (`--w`).
struct ModelOptions: ParsableArguments {
    @Option(help: "Path of a JSON mixture spec (README.md, \"Spec format\"; examples in Notebooks/specs/).")
    var spec: String

    @Option(name: .customLong("class"), parsing: .unconditional, help: "Index c of the guided class, counted from 0 in the spec's order.")
    var classIndex: Int = 0

    @Option(
        name: .customLong("w"), parsing: .unconditional,
        help: "Guidance parameter w in [0, 1e12]: g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x); CFG scale 1 + w, w = 0 samples p(·|c).")
    var w: Double = 0

    func validate() throws {
        guard FileManager.default.isReadableFile(atPath: spec) else {
            throw InputError(field: "spec", value: spec, allowed: "a readable JSON file (no such file or not readable)").validation
        }
        guard classIndex >= 0 else {
            throw InputError(field: "class", value: "\(classIndex)", allowed: "a class index ≥ 0").validation
        }
        guard w.isFinite, w >= 0, w <= 1e12 else {
            throw InputError(field: "w", value: "\(w)", allowed: "a number in [0, 1e12] (w = 0 is conditional sampling)").validation
        }
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

    /// The guided problem: the spec's mixture and process, class c and guidance w.
    func problem() throws -> GuidedProblem {
        let (mixture, schedule) = try load()
        return try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: classIndex, w: w)
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
