/// What a guided sampler draws from: the mixture, its forward process, the class c, the guidance
/// parameter w and an optional score error (claims.md §1, "Guidance").
///
/// `w = 0` is plain conditional sampling; the CFG scale is `γ = 1 + w`.
public struct GuidedProblem: Sendable {
    public var mixture: Mixture
    public var schedule: NoiseSchedule
    public var classIndex: Int
    public var w: Double
    public var scoreError: ScoreErrorModel?

    public init(mixture: Mixture, schedule: NoiseSchedule, classIndex: Int, w: Double, scoreError: ScoreErrorModel? = nil) throws {
        try mixture.checkClass(classIndex)
        try ModelError.require("w", w, in: 0...1e12, "a number ≥ 0 (w = 0 is conditional sampling)")
        if let e = scoreError, e.direction.count != mixture.dimension {
            throw ModelError(field: "scoreError.direction", value: "\(e.direction.count) coordinates", allowed: "\(mixture.dimension)")
        }
        self.mixture = mixture
        self.schedule = schedule
        self.classIndex = classIndex
        self.w = w
        self.scoreError = scoreError
    }

    /// The guided score field at time t, prepared once for all particles.
    public func field(at t: Double) throws -> GuidedField {
        GuidedField(noised: try mixture.noised(at: t, schedule: schedule), t: t, f: schedule.f(t), gSquared: schedule.gSquared(t), problem: self)
    }
}

/// The guided score at one time, and the probability-flow velocity built from it.
public struct GuidedField: Sendable {
    public let noised: NoisedMixture
    public let t: Double
    /// `f(t)` and `g(t)²` of the schedule.
    public let f: Double
    public let gSquared: Double
    let problem: GuidedProblem

    /// `g^w_t(x)`, perturbed by the score error if the problem has one.
    @inline(__always)
    public func score(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch) throws {
        try noised.guidedScore(x, classIndex: problem.classIndex, w: problem.w, into: out, scratch: &scratch)
        problem.scoreError?.perturbGuidedScore(x, w: problem.w, s: noised.s, out)
    }

    /// The probability-flow velocity `dx/dt = f x - ½ g² g^w_t(x)` (forward time).
    @inline(__always)
    public func velocity(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch) throws {
        try score(x, into: out, scratch: &scratch)
        for i in 0..<noised.dimension { out[i] = f * x[i] - 0.5 * gSquared * out[i] }
    }
}
