import GuidanceNumerics

/// What a check may use besides its case: the run's profile, its share of the suite's
/// false-alarm budget, and the case seed for any Monte Carlo.
public struct CheckContext: Sendable {
    public let profile: Profile
    /// The false-alarm rate each statistical test of this check may use (`FalseAlarmBudget`):
    /// a test that rejects with probability at most `alpha` when the claim holds.
    public let alpha: Double
    public let caseSeed: CaseSeed

    public init(profile: Profile, alpha: Double, caseSeed: CaseSeed) {
        self.profile = profile
        self.alpha = alpha
        self.caseSeed = caseSeed
    }

    /// The `index`-th random stream of this case (independent of the case's parameters, which
    /// come from `CaseGenerator.generationStream`). The same case seed gives the same numbers.
    public func stream(_ index: UInt64 = 0) -> RandomStream {
        RandomStream(seed: caseSeed.value, stream: index)
    }

    /// The particle count for a sampling check whose `ci` count is `base` (`Profile.particles`).
    public func particles(base: Int) -> Int { profile.particles(base: base) }
}
