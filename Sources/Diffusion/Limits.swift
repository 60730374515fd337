/// The ranges of a run's settings, defined once: `Sampler.run`, `FlowMap1D.init` and the `guidance`
/// CLI check them with these functions, so a library caller gets the same `ModelError` (field,
/// value, allowed range) that the CLI prints.
public enum Limits {
    /// Steps of a sampler run (output times of `ode-adaptive`): `[1, 10^6]`.
    public static let steps: ClosedRange<Int> = 1...1_000_000
    /// The most `particles × dimension` positions a sampler run holds (8 bytes each: 800 MB),
    /// so at most `positions / d` particles in dimension d.
    public static let positions = 100_000_000
    /// The local tolerance of the adaptive rk8pd solves (`ode-adaptive`, `FlowMap1D`), absolute and
    /// relative: `[1e-14, 1e-2]` (below 1e-14 rounding dominates; above 1e-2 nothing is exact).
    public static let tolerance: ClosedRange<Double> = 1e-14...1e-2
    /// DDIM's η: `[0, 1]` (0 deterministic, 1 DDPM's posterior variance).
    public static let eta: ClosedRange<Double> = 0...1

    /// `10^k` for a power of ten, else the number itself: the ranges as the messages print them.
    public static func text(_ value: Int) -> String {
        var (k, rest) = (0, value)
        while rest >= 10, rest % 10 == 0 { (k, rest) = (k + 1, rest / 10) }
        return rest == 1 && k > 3 ? "10^\(k)" : "\(value)"
    }

    /// The steps as the messages print them: `[1, 10^6]`.
    public static var stepsText: String { "[\(steps.lowerBound), \(text(steps.upperBound))]" }
    /// The tolerance range as the messages print them: `[1e-14, 1e-2]`.
    public static var toleranceText: String { "[1e-14, 1e-2]" }

    /// Throws `ModelError(field: field)` unless `steps` is in `Limits.steps`.
    public static func checkSteps(_ steps: Int, field: String = "steps") throws {
        guard self.steps.contains(steps) else {
            throw ModelError(field: field, value: "\(steps)", allowed: "an integer in \(stepsText)")
        }
    }

    /// Throws `ModelError(field: field)` unless `1 ≤ particles ≤ positions / dimension`.
    public static func checkParticles(_ particles: Int, dimension: Int = 1, field: String = "particles") throws {
        let most = positions / max(1, dimension)
        guard particles >= 1, particles <= most else {
            let reason = dimension > 1 ? " (at most \(text(positions)) particles × dimension; here d = \(dimension))" : ""
            throw ModelError(field: field, value: "\(particles)", allowed: "an integer in [1, \(text(most))]\(reason)")
        }
    }

    /// Throws `ModelError(field: field)` unless `tolerance` is finite and in `Limits.tolerance`.
    public static func checkTolerance(_ tolerance: Double, field: String = "tolerance") throws {
        try ModelError.require(field, tolerance, in: self.tolerance, "a number in \(toleranceText)")
    }

    /// Throws `ModelError(field: field)` unless `eta` is finite and in `Limits.eta`.
    public static func checkEta(_ eta: Double, field: String = "eta") throws {
        try ModelError.require(field, eta, in: self.eta, "a number in [0, 1]")
    }

    /// Throws `ModelError` naming `T` unless `0 < horizon ≤ schedule.maximumTime`, and `end`
    /// unless `0 < end < horizon`.
    public static func checkTimes(horizon: Double, end: Double, schedule: NoiseSchedule) throws {
        guard horizon.isFinite, horizon > 0, horizon <= schedule.maximumTime else {
            throw ModelError(field: "T", value: "\(horizon)", allowed: "a time in (0, \(schedule.maximumTime)]")
        }
        guard end.isFinite, end > 0, end < horizon else {
            throw ModelError(field: "end", value: "\(end)", allowed: "a time in (0, T = \(horizon))")
        }
    }
}
