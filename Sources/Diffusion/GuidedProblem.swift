/// What a guided sampler draws from: the mixture, its forward process, the class c, the guidance
/// schedule w(t) and an optional score error (Properties/README.md §1, "Guidance").
///
/// `w = 0` is plain conditional sampling; the CFG scale is `γ = 1 + w`. The papers' setting is a
/// constant w (`init(…, w:)`); `init(…, guidance:)` takes any `GuidanceSchedule`.
public struct GuidedProblem: Sendable {
    public var mixture: Mixture
    public var schedule: NoiseSchedule
    public var classIndex: Int
    public var guidance: GuidanceSchedule
    public var scoreError: ScoreErrorModel?

    /// Guidance constant in time, `w(t) = w`.
    public init(mixture: Mixture, schedule: NoiseSchedule, classIndex: Int, w: Double, scoreError: ScoreErrorModel? = nil) throws {
        try ModelError.require("w", w, in: 0...GuidanceSchedule.maximumW, "a number ≥ 0 (w = 0 is conditional sampling)")
        try self.init(mixture: mixture, schedule: schedule, classIndex: classIndex, guidance: .constant(w), scoreError: scoreError)
    }

    public init(mixture: Mixture, schedule: NoiseSchedule, classIndex: Int, guidance: GuidanceSchedule, scoreError: ScoreErrorModel? = nil) throws {
        try mixture.checkClass(classIndex)
        self.guidance = try guidance.validated()
        if let e = scoreError, e.direction.count != mixture.dimension {
            throw ModelError(field: "scoreError.direction", value: "\(e.direction.count) coordinates", allowed: "\(mixture.dimension)")
        }
        self.mixture = mixture
        self.schedule = schedule
        self.classIndex = classIndex
        self.scoreError = scoreError
    }

    /// The guided score field at time t, prepared once for all particles, with `w = w(t)`.
    public func field(at t: Double) throws -> GuidedField {
        try field(at: t, w: guidance.w(at: t))
    }

    /// The field at time t with the guidance strength `w` (a solver between two jumps of the
    /// schedule passes the one-sided value, `GuidanceSchedule.w(at:within:_:)`).
    func field(at t: Double, w: Double) throws -> GuidedField {
        GuidedField(noised: try mixture.noised(at: t, schedule: schedule), t: t, f: schedule.f(t), gSquared: schedule.gSquared(t), w: w, problem: self)
    }
}

/// The guided score at one time, and the probability-flow velocity built from it.
public struct GuidedField: Sendable {
    public let noised: NoisedMixture
    public let t: Double
    /// `f(t)` and `g(t)²` of the schedule.
    public let f: Double
    public let gSquared: Double
    /// The guidance strength at this time, `w(t)`.
    public let w: Double
    let problem: GuidedProblem

    /// `g^w_t(x)`, perturbed by the score error if the problem has one (`scores` for one particle).
    @inline(__always)
    public func score(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch) throws {
        try scores(x.baseAddress!, count: 1, into: out.baseAddress!, scratch: &scratch)
    }

    /// The probability-flow velocity `dx/dt = f x - ½ g² g^w_t(x)` (forward time; `velocities`
    /// for one particle).
    @inline(__always)
    public func velocity(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch) throws {
        try velocities(x.baseAddress!, count: 1, into: out.baseAddress!, scratch: &scratch)
    }

    /// The guided score for a block of `count` particles (row-major): the guided scores through the block
    /// form of `NoisedMixture.guidedScore`, then the score error, particle by particle.
    @inline(__always)
    func scores(_ x: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>, scratch: inout ScoreScratch) throws {
        let d = noised.dimension
        try noised.guidedScores(x, count: count, classIndex: problem.classIndex, w: w, into: out, scratch: &scratch)
        if let error = problem.scoreError {
            for p in 0..<count {
                error.perturbGuidedScore(UnsafeBufferPointer(start: x + p * d, count: d), w: w, s: noised.s, UnsafeMutableBufferPointer(start: out + p * d, count: d))
            }
        }
    }

    /// The velocity `f x - ½ g² g^w_t(x)` for a block of `count` particles (row-major).
    @inline(__always)
    func velocities(_ x: UnsafePointer<Double>, count: Int, into out: UnsafeMutablePointer<Double>, scratch: inout ScoreScratch) throws {
        try scores(x, count: count, into: out, scratch: &scratch)
        for i in 0..<(count * noised.dimension) { out[i] = f * x[i] - 0.5 * gSquared * out[i] }
    }
}

