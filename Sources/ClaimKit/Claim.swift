/// A claim of a paper as a property: a generator of cases, a check that gives a verdict on one
/// case, and a shrinker that proposes simpler cases when one fails.
///
/// Writing a claim takes an info block and three closures:
/// ```swift
/// Claim<Double>(
///     ClaimInfo(id: "N.0", paper: "Identity", setting: "standard normal",
///               statement: "Φ(x) + Q(x) = 1", formalisation: "x uniform in [-40, 40]",
///               tolerance: "1e-15"),
///     cases: 200,
///     generate: { g in g.double(in: -40...40) },
///     shrink: Shrink.towardsRound,
///     check: { x, _ in
///         let error = abs(Normal.cdf(x) + Normal.survival(x) - 1)
///         return .require(error <= 1e-15, otherwise: "off by \(error)",
///                         figures: [Figure("error", error, note: "tolerance 1e-15")])
///     })
/// ```
/// Counts below their ranges are clamped: at least one case, no negative edge cases or tests,
/// and a share in `[0, 1]`.
///
/// Errors thrown by `generate` or `check` are never a pass: the case is inconclusive with the
/// error's text, and the run fails when inconclusive cases exceed `maxInconclusiveShare`.
public struct Claim<Case: Codable & Sendable>: Sendable {
    public let info: ClaimInfo
    /// Cases under the `ci` profile; `casesAt(_:)` scales it.
    public let cases: Int
    /// How many of the first cases request edge cases (`CaseGenerator.edgeCase`).
    public let edgeCases: Int
    /// Statistical tests one case runs, each at `CheckContext.alpha`; 0 for exact claims.
    public let statisticalTestsPerCase: Int
    /// The largest share of inconclusive cases that still lets the claim hold.
    public let maxInconclusiveShare: Double
    public let generate: @Sendable (inout CaseGenerator) throws -> Case
    /// Strictly simpler candidates, simplest first (the order is documented on `Shrink`).
    public let shrink: @Sendable (Case) -> [Case]
    public let check: @Sendable (Case, CheckContext) throws -> Verdict
    /// The plot and mixture spec of a counterexample, when the claim has them; called with the
    /// shrunk case, its verdict and the context it was checked in (to redraw its samples).
    public let report: (@Sendable (Case, Verdict, CheckContext) -> CounterexampleReport?)?
    /// What the claim's statistical checks detect at a profile and per-test alpha, before any case
    /// runs (`Figure.detects`: the weakest over the cases the generator can draw), for
    /// `guidance check --list`; nil for a claim whose checks are exact. Each case's check reports
    /// its own `Figure.detects` among its figures, from the same formula.
    public let detects: (@Sendable (Profile, Double) throws -> Figure)?
    /// The claim's negative controls (`Control`): its check on wrong inputs it must reject.
    public let controls: [Control]

    public init(
        _ info: ClaimInfo,
        cases: Int = 100,
        edgeCases: Int = 3,
        statisticalTestsPerCase: Int = 0,
        maxInconclusiveShare: Double = 0.1,
        generate: @escaping @Sendable (inout CaseGenerator) throws -> Case,
        shrink: @escaping @Sendable (Case) -> [Case] = { _ in [] },
        check: @escaping @Sendable (Case, CheckContext) throws -> Verdict,
        report: (@Sendable (Case, Verdict, CheckContext) -> CounterexampleReport?)? = nil,
        detects: (@Sendable (Profile, Double) throws -> Figure)? = nil,
        controls: [Control] = []
    ) {
        self.info = info
        self.cases = max(cases, 1)
        self.edgeCases = max(edgeCases, 0)
        self.statisticalTestsPerCase = max(statisticalTestsPerCase, 0)
        self.maxInconclusiveShare = min(max(maxInconclusiveShare, 0), 1)
        self.generate = generate
        self.shrink = shrink
        self.check = check
        self.report = report
        self.detects = detects
        self.controls = controls
    }

    /// The number of cases under `profile`: `cases × profile.caseMultiplier`.
    public func casesAt(_ profile: Profile) -> Int { cases * profile.caseMultiplier }

    /// The claim without its case type, for registries.
    public var erased: AnyClaim { AnyClaim(self) }
}
