/// What a claim says, in the order a researcher reads it next to the paper: where it comes from,
/// its setting, its statement, the formalisation choices made to check it, and the tolerance.
public struct ClaimInfo: Sendable, Codable, Equatable {
    /// What the suite expects of a claim.
    public enum Expectation: Sendable, Codable, Equatable {
        /// The claim should hold on every case.
        case holds
        /// The claim was found false; it stays in the suite and is checked as a known
        /// counterexample. The text says what was found, e.g. "w = 8 breaks the stated rate".
        case knownCounterexample(String)
    }

    /// A short, stable identifier such as `"G1.2"`; regression files and replay commands use it.
    public var id: String
    /// The source, e.g. `"[G1] Chidambaram et al. 2024, Theorem 1"`.
    public var paper: String
    public var setting: String
    public var statement: String
    public var formalisation: String
    public var tolerance: String
    public var expectation: Expectation

    public init(
        id: String, paper: String, setting: String, statement: String, formalisation: String,
        tolerance: String, expectation: Expectation = .holds
    ) {
        self.id = id
        self.paper = paper
        self.setting = setting
        self.statement = statement
        self.formalisation = formalisation
        self.tolerance = tolerance
        self.expectation = expectation
    }

    /// True for a claim recorded as a known counterexample.
    public var expectsCounterexample: Bool {
        if case .knownCounterexample = expectation { true } else { false }
    }
}
