import ArgumentParser
import ClaimKit
import Claims
import Foundation

/// `guidance check`: runs the claims of `ClaimRegistry` and prints the verdict table; exits
/// non-zero iff a claim fails unexpectedly or has too many inconclusive cases.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the papers' claims as properties and print the verdict table.",
        discussion: """
            Settings not given as options come from the environment: GUIDANCE_PROFILE, GUIDANCE_SEED, \
            GUIDANCE_REPORTS, GUIDANCE_REGRESSIONS, GUIDANCE_QUIET=1.

            On a cluster or CI matrix: run `guidance check --shard K/N --json shard-K.json` for K = 0 \
            ... N-1 (any order, any machines), then `guidance check merge shard-*.json` prints the \
            verdict table of the whole run. Properties/Jobs/ has a Slurm array script and a GitHub \
            Actions workflow. `--list` gives each claim's measured time per profile \
            (Properties/ExpectedTimes.json; `guidance check times` records a run's), to choose N.
            """,
        subcommands: [CheckMerge.self, CheckTimes.self])

    @Option(help: "How hard to check: ci (default), thorough (10x cases and particles), or gpu (sampling claims with 1e7+ particles).")
    var profile: Profile?

    @Option(help: ArgumentHelp(
        "The master seed, decimal or 0x hex (default: GUIDANCE_SEED, else \(MasterSeed.defaultValue)).", valueName: SeedArgument.valueName))
    var seed: SeedArgument?

    @Option(name: .customLong("claim"), help: "Check only the claim with this id; repeat for several (default: all).")
    var claims: [String] = []

    @Option(help: "Run only the case with this case seed (hex, from a failure report) of the one --claim given.")
    var replay: String?

    @Flag(help: "List the claims (id, paper, statement, expectation, measured time per profile) and exit.")
    var list = false

    @Flag(help: "With --list: print the claims catalogue as Markdown (every info block, cases and tests per profile), as committed in Properties/Catalogue.md.")
    var markdown = false

    @Flag(help: "After the table, print every case checked: its origin, case seed, verdict and all its figures.")
    var details = false

    @Option(help: "The folder for counterexample reports (default: GUIDANCE_REPORTS, else reports/).")
    var reportDir: String?

    @Option(help: ArgumentHelp(
        "Check only the generated cases with these indices, a..<b or a...b (0 ≤ a, non-empty; 0-based), of the --claim given.",
        discussion: "Splits a long run (the thorough profile's sampling claims take hours) into shards, or resumes an interrupted one from the last case its progress lines name. Only a range from 0 replays the saved regressions, so shards 0..<a, a..<b, ... make one whole run, with the same cases and α as a run without --cases.",
        valueName: CaseRange.valueName))
    var cases: CaseRange?

    @Option(help: ArgumentHelp(
        "Run only shard K of N (0 ≤ K < N ≤ \(Shard.maximumCount)): every claim's cases and saved regressions dealt round-robin over N shards.",
        discussion: "Case seeds and the per-test alpha are those of the whole run, so `guidance check merge` of all N shards' --json files gives the whole run's verdicts. Composes with --claim and --cases.",
        valueName: ShardArgument.valueName))
    var shard: ShardArgument?

    @Option(help: ArgumentHelp(
        "Also write the results as JSON to this file (schema in README): per claim the verdict, cases, key figures, counterexample, wall time and peak memory.",
        valueName: "file"))
    var json: String?

    func validate() throws {
        if let shard, replay != nil {
            throw ValidationError("--shard '\(shard.shard)' and --replay run different things: a replay is one case; give one of them.")
        }
        if json != nil && list {
            throw ValidationError("--json writes the results of a run; --list runs nothing. Give one of them.")
        }
        if markdown && !list {
            throw ValidationError("--markdown only changes the output of --list; give both.")
        }
        let known = ClaimRegistry.all.map(\.id)
        for id in claims where !known.contains(id) {
            throw ValidationError("--claim '\(id)' is not a claim id; known ids: \(known.joined(separator: ", ")).")
        }
        if let cases, claims.count != 1 {
            throw ValidationError("--cases '\(cases.defaultValueDescription)' needs exactly one --claim (got \(claims.count)): case indices are per claim.")
        }
        if let replay {
            guard CaseSeed(hex: replay) != nil else {
                throw ValidationError("--replay '\(replay)' is not a case seed: give up to 16 hex digits, e.g. 0x00000000deadbeef.")
            }
            guard claims.count == 1 else {
                throw ValidationError("--replay '\(replay)' needs exactly one --claim (got \(claims.count)).")
            }
        }
    }

    func run() throws {
        if list && markdown {
            print(ClaimCatalogue.markdown(ClaimRegistry.all), terminator: "")
            return
        }
        if list {
            let times = try Check.expectedTimesFile().map { try ExpectedTimes.load(from: $0) } ?? ExpectedTimes()
            for claim in ClaimRegistry.all { print(try Check.listing(claim, times: times)) }
            return
        }
        var configuration = try RunConfiguration.fromEnvironment(
            registry: ClaimRegistry.all, regressionsDirectory: Check.regressionsDirectory())
        if let profile { configuration.profile = profile }
        if let seed { configuration.masterSeed = seed.value }
        if let replay, let caseSeed = CaseSeed(hex: replay) {
            configuration.replay = ReplayRequest(claimID: claims[0], seed: caseSeed)
        }
        if let reportDir { configuration.reportsDirectory = URL(fileURLWithPath: reportDir) }
        if let cases { configuration.caseRange = cases.range }
        if let shard { configuration.shard = shard.shard }
        let budget = FalseAlarmBudget(claims: ClaimRegistry.all, profile: configuration.profile)
        configuration.alphaPerTest = budget.alphaPerTest
        if let notice = configuration.profileNotice { print("notice: \(notice)") }

        let selected = claims.isEmpty ? ClaimRegistry.all : ClaimRegistry.all.filter { claims.contains($0.id) }
        let start = ContinuousClock.now
        let results = selected.map { $0.run(configuration) }
        if let json {
            let record = RunRecord(
                results: results, configuration: configuration, budget: budget, registry: ClaimRegistry.all,
                version: Guidance.version, wallSeconds: (ContinuousClock.now - start) / .seconds(1))
            try Check.write(record, to: json)
        }
        try Check.printResults(results, budget: budget, masterSeed: configuration.masterSeed, profile: configuration.profile, details: details)
    }

    /// The verdict table, then with `details` every case, then the report of every claim that
    /// failed or warned; exits non-zero when a claim failed unexpectedly (`SuiteSummary`).
    static func printResults(_ results: [ClaimResult], budget: FalseAlarmBudget, masterSeed: UInt64, profile: Profile, details: Bool) throws {
        print(VerdictTable.render(results, budget: budget, masterSeed: masterSeed, profile: profile))
        if details {
            for result in results { print("\(result.info.id) cases:\n\(result.caseDetails)\n") }
        }
        for result in results where result.counterexample != nil || result.isUnexpectedFailure || !result.warnings.isEmpty {
            print(result.readableReport + "\n")
        }
        let status = SuiteSummary.exitStatus(results)
        if status != 0 { throw ExitCode(status) }
    }

    /// Writes `record` as `RunRecord`'s JSON; the error names the file.
    static func write(_ record: RunRecord, to path: String) throws {
        do {
            try RunRecord.encoded(record).write(to: URL(fileURLWithPath: path))
        } catch {
            throw OutputError(path: path, reason: error.localizedDescription, option: "json")
        }
    }

    /// One claim in the `--list` output.
    static func listing(_ claim: AnyClaim, times: ExpectedTimes) throws -> String {
        let info = claim.info
        var text = "\(info.id)  \(info.paper)\n    \(info.statement)"
        if case let .knownCounterexample(note) = info.expectation { text += "\n    known counterexample: \(note)" }
        let detects = try [Profile.ci, .thorough].compactMap { profile -> String? in
            let alpha = FalseAlarmBudget(claims: ClaimRegistry.all, profile: profile).alphaPerTest
            return try claim.detectable(at: profile, alpha: alpha).map { "\(profile.rawValue) \($0.detectableText)" }
        }
        if !detects.isEmpty { text += "\n    detects: " + detects.joined(separator: ", ") + " (with probability ≥ 1 - β, β = \(Profile.beta))" }
        return text + "\n    time: " + times.summary(for: info.id)
    }

    /// `Properties/ExpectedTimes.json` of the package in or above the current directory, else of
    /// the package this file was built from; nil when neither exists.
    static func expectedTimesFile() -> URL? {
        let here = FileManager.default.currentDirectoryPath + "/guidance"
        return [here, #filePath].lazy.compactMap { RegressionStore.packageRoot(above: $0) }.first?
            .appendingPathComponent(ExpectedTimes.path)
    }

    /// `Properties/Regressions` of the package in or above the current directory, else of the
    /// package this file was built from; nil when neither exists.
    static func regressionsDirectory() -> URL? {
        let here = FileManager.default.currentDirectoryPath + "/guidance"
        return RegressionStore.defaultDirectory(nearFile: here) ?? RegressionStore.defaultDirectory(nearFile: #filePath)
    }
}
