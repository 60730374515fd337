import Foundation

/// Everything a run of claims depends on besides the claims: profile, master seed, the
/// per-test false-alarm rate, a replay request, where regressions and reports live.
public struct RunConfiguration: Sendable {
    /// The environment variable that silences progress lines (`GUIDANCE_QUIET=1`).
    public static let quietKey = "GUIDANCE_QUIET"
    /// The environment variable naming the counterexample report folder.
    public static let reportsKey = "GUIDANCE_REPORTS"

    public var profile: Profile
    public var masterSeed: UInt64
    /// `FalseAlarmBudget.alphaPerTest` of the run's registry.
    public var alphaPerTest: Double
    public var replay: ReplayRequest?
    /// Saved failures to replay first and to append new ones to; nil: none.
    public var regressions: RegressionStore?
    /// Where counterexample reports go; nil: none are written.
    public var reportsDirectory: URL?
    /// The most checks the shrinker may run for one failure.
    public var maxShrinkSteps: Int
    /// No progress lines on standard error (warnings are still collected in the result).
    public var quiet: Bool
    /// Only the generated cases with these indices (a shard of a long run, or the rest of an
    /// interrupted one); nil: all of the profile's cases. The saved regressions are replayed only
    /// by a range that starts at 0, so shards `0..<a`, `a..<b`, … together are one whole run.
    public var caseRange: Range<Int>?
    /// Only this shard's share of every claim's cases and saved regressions (`Shard`); the whole
    /// run by default. Seeds and alpha are those of the whole run.
    public var shard: Shard = .whole

    public init(
        profile: Profile = .ci, masterSeed: UInt64 = MasterSeed.defaultValue,
        alphaPerTest: Double = FalseAlarmBudget.suiteTotal, replay: ReplayRequest? = nil,
        regressions: RegressionStore? = nil, reportsDirectory: URL? = nil, maxShrinkSteps: Int = 500,
        quiet: Bool = false
    ) {
        self.profile = profile
        self.masterSeed = masterSeed
        self.alphaPerTest = alphaPerTest
        self.replay = replay
        self.regressions = regressions
        self.reportsDirectory = reportsDirectory
        self.maxShrinkSteps = maxShrinkSteps
        self.quiet = quiet
    }

    /// The configuration the environment asks for: `GUIDANCE_PROFILE`, `GUIDANCE_SEED`,
    /// `GUIDANCE_REPLAY`, `GUIDANCE_REGRESSIONS` (else `regressionsDirectory`),
    /// `GUIDANCE_REPORTS` (else `reports/` in the current directory) and `GUIDANCE_QUIET`;
    /// the false-alarm budget is split over `registry`.
    public static func fromEnvironment(
        registry: [AnyClaim], regressionsDirectory: URL?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ClaimKitError) -> RunConfiguration {
        let profile = try Profile.fromEnvironment(environment)
        let regressions = environment[RegressionStore.environmentKey].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? regressionsDirectory
        let reports = environment[reportsKey].flatMap { $0.isEmpty ? nil : $0 } ?? "reports"
        return RunConfiguration(
            profile: profile,
            masterSeed: try MasterSeed.fromEnvironment(environment),
            alphaPerTest: FalseAlarmBudget(claims: registry, profile: profile).alphaPerTest,
            replay: try ReplayRequest.fromEnvironment(environment),
            regressions: regressions.map(RegressionStore.init(directory:)),
            reportsDirectory: URL(fileURLWithPath: reports),
            quiet: environment[quietKey] == "1")
    }

    /// The notice for the `gpu` profile, which has no CUDA target to run on yet; nil otherwise.
    public var profileNotice: String? {
        guard profile == .gpu else { return nil }
        return "profile gpu: this build has no CUDA target yet, so sampling claims run on the CPU with "
            + "\(Profile.gpuMinimumParticles)+ particles (slow)"
    }
}
