import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// The setting shared by the [G2] claims: one-dimensional classes of Gaussians, class 0 the
/// guided class c, a single Gaussian whose variance exceeds that of every other component.
///
/// Why that shape: `1/p_t(c|x) = 1 + Σ_{c'≠c} (π_{c'}/π_c) p_t(x|c')/p_t(x|c)`, and the ratio of
/// a narrower Gaussian to a wider one is bounded (`GaussianClasses.inverseBound`), so `1/p_t(c|x)`
/// is bounded for every t: every Monte Carlo mean below gets a calibrated empirical-Bernstein
/// interval (bounded variables), not an asymptotic one. (With equal variances `p_t(c|x)` is
/// logistic and `1/p_t(c|x)` grows like `e^{a|x|}`: finite variance, but no finite range.)
public struct GaussianClasses: Codable, Sendable, Equatable {
    public struct Piece: Codable, Sendable, Equatable {
        public var weight: Double
        public var mean: Double
        public var variance: Double

        public init(weight: Double, mean: Double, variance: Double) {
            self.weight = weight
            self.mean = mean
            self.variance = variance
        }
    }

    /// Relative class weights; class 0 is the guided class.
    public var classWeights: [Double]
    /// `pieces[c]`: the components of class c (class 0 has exactly one).
    public var pieces: [[Piece]]

    public init(classWeights: [Double], pieces: [[Piece]]) {
        self.classWeights = classWeights
        self.pieces = pieces
    }

    /// The schedule of every [G2] claim: DDPM's linear β (1000 steps), from T = 1 to tEnd = 1e-3.
    public static let schedule = NoiseSchedule.ddpmLinear
    public static let horizon = 1.0
    public static let end = 1e-3

    /// The guided class's prior `π_c` (normalised).
    public var classPrior: Double { classWeights[0] / classWeights.reduce(0, +) }

    public func mixture() throws -> Mixture {
        try Mixture(classes: zip(classWeights, pieces).map { weight, pieces in
            MixtureClass(weight: weight, components: try pieces.map { ($0.weight, try GaussianComponent(mean: [$0.mean], variance: $0.variance)) })
        })
    }

    /// The case as the JSON spec the command-line tool reads.
    public var specJSON: String {
        MixtureSpec(process: GaussianClasses.schedule.spec, classes: zip(classWeights, pieces).map { weight, pieces in
            MixtureSpec.ClassSpec(weight: weight, components: pieces.map { .gaussian(weight: $0.weight, mean: [$0.mean], cov: [[$0.variance]]) })
        }).json()
    }

    /// An upper bound of `1/p_t(c|x)` over all x at signal scale m and noise scale s:
    /// `1 + Σ_{c'≠c} (π_{c'}/π_c) Σ_k w_k sup_x N(x; a_k, V_k)/N(x; b, V)` with
    /// `sup = sqrt(V/V_k) exp((a_k - b)²/(2(V - V_k)))` for `V > V_k` (a concave quadratic in the
    /// exponent). Exact, closed form.
    public func inverseBound(m: Double, s: Double) -> Double {
        let c = pieces[0][0]
        let v0 = m * m * c.variance + s * s, b = m * c.mean
        var bound = 1.0
        for cls in 1..<pieces.count {
            let classRatio = classWeights[cls] / classWeights[0]
            let total = pieces[cls].reduce(0) { $0 + $1.weight }
            for piece in pieces[cls] {
                let v1 = m * m * piece.variance + s * s, a = m * piece.mean
                bound += classRatio * piece.weight / total * (v0 / v1).squareRoot() * exp((a - b) * (a - b) / (2 * (v0 - v1)))
            }
        }
        return bound
    }

    /// The bound at the sampler's end time.
    public var endBound: Double { inverseBound(m: GaussianClasses.schedule.m(GaussianClasses.end), s: GaussianClasses.schedule.s(GaussianClasses.end)) }

    /// A random case: class c ~ N(μ ∈ [-1, 1], v ∈ [0.6, 1.4]); one or two other classes of one
    /// or two components with means in [-2, 2] and variances in [0.05, v/2]; class weights
    /// at least 0.15 each. Redrawn until `1/p(c|x) ≤ 40` at the end time, so that the
    /// empirical-Bernstein ranges stay informative at a few thousand particles.
    public static func generate(_ g: inout CaseGenerator) -> GaussianClasses {
        for _ in 0..<200 {
            let v = g.double(in: 0.6...1.4)
            let classCount = g.int(in: 2...3)
            var pieces: [[Piece]] = [[Piece(weight: 1, mean: g.double(in: -1...1), variance: v)]]
            for _ in 1..<classCount {
                pieces.append(g.array(count: 1...2) { g in
                    Piece(weight: g.double(in: 0.2...1), mean: g.double(in: -2...2), variance: g.double(in: 0.05...(0.5 * v)))
                })
            }
            let candidate = GaussianClasses(classWeights: g.weights(count: classCount, floor: 0.15), pieces: pieces)
            if candidate.endBound <= 40 { return candidate }
        }
        return GaussianClasses(classWeights: [0.4, 0.6], pieces: [[Piece(weight: 1, mean: 0, variance: 1)], [Piece(weight: 1, mean: 1, variance: 0.3)]])
    }

    /// The time grid of the Monte Carlo samplers: Karras's ρ = 7 grid in t from T to tEnd.
    public static func times(steps: Int) -> [Double] { TimeGrid.karras.times(horizon: horizon, end: end, steps: steps) }

    /// `count` draws of the class's noised law at T (the start G2.2 needs).
    public func classStart(count: Int, seed: UInt64) throws -> [Double] {
        let schedule = GaussianClasses.schedule, t = GaussianClasses.horizon
        return try mixture().noisedClassSamples(classIndex: 0, m: schedule.m(t), s: schedule.s(t), count: count, seed: seed)
    }

    /// `1/p_{tEnd}(c|x)` at each output.
    public func endValues(_ positions: [Double]) throws -> [Double] {
        let schedule = GaussianClasses.schedule, t = GaussianClasses.end
        return try PosteriorDeficit.inverseClassPosterior(try mixture(), classIndex: 0, m: schedule.m(t), s: schedule.s(t), positions: positions)
    }

    /// `E[1/p_{tEnd}(c|x_out)]` for the probability-flow ODE started from the class's noised law,
    /// exactly: `∫ φ(z) u(F_w(m_T μ + sqrt(m_T² v + s_T²) z)) dz` with the 1-D flow map F_w
    /// (rk8pd at 1e-10) and QAGS on |z| ≤ 10 at relative 1e-8.
    public func exactODEExpectation(w: Double) throws -> Estimate {
        try exactODEExpectation(guidance: .constant(w))
    }

    /// `exactODEExpectation` under a guidance schedule.
    public func exactODEExpectation(guidance: GuidanceSchedule) throws -> Estimate {
        let schedule = GaussianClasses.schedule, (T, end) = (GaussianClasses.horizon, GaussianClasses.end)
        let mixture = try mixture()
        let flow = try FlowMap1D(
            problem: try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, guidance: guidance), horizon: T, end: end, tolerance: 1e-10)
        let c = pieces[0][0]
        let (mT, sd) = (schedule.m(T), (schedule.m(T) * schedule.m(T) * c.variance + schedule.s(T) * schedule.s(T)).squareRoot())
        let noised = try mixture.noised(m: schedule.m(end), s: schedule.s(end))
        var failure: Error?
        let value = try Quadrature.integrate({ z in
            do {
                let x = try flow.map(mT * c.mean + sd * z)
                return exp(-(try noised.evaluate([x], classIndex: 0, w: 0).logClassPosterior)) * Normal.density(z)
            } catch {
                failure = error
                return 0
            }
        }, from: -10, to: 10, relativeTolerance: 1e-8)
        if let failure { throw failure }
        return value
    }
}

/// Small formatting helpers for figures and messages.
enum Format {
    static func g(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)g", x) }
}
