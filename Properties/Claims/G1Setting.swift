import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// The setting of [G1] (Chidambaram, Gatmiry, Chen, Lee, Lu, NeurIPS 2024): the OU process
/// `dX = -X dt + √2 dB`, the guided probability-flow ODE from `N(0, 1)` at `T = 10`, two classes.
///
/// Exact output laws come from the 1-D flow map (`FlowMap1D`) integrated by rk8pd at tolerance
/// 1e-10 to `end = 1e-10`: the theorems are about the ODE run to `t = 0`, and the flow still moves
/// samples by `O(√t)` near the end (a sample pushed past a support end returns like `√t`), so
/// the end is taken this small and what remains past the support is reported as `excess`.
enum G1Setting {
    static let horizon = 10.0
    static let end = 1e-10
    static let tolerance = 1e-10

    /// The exact flow map of class c at guidance w for a 1-D spec.
    static func flow(_ spec: MixtureSpec, classIndex c: Int = 0, w: Double, scoreError: ScoreErrorModel? = nil, end: Double = end) throws -> FlowMap1D {
        try flow(spec, classIndex: c, guidance: .constant(w), scoreError: scoreError, end: end)
    }

    /// The exact flow map of class c under a guidance schedule.
    static func flow(
        _ spec: MixtureSpec, classIndex c: Int = 0, guidance: GuidanceSchedule, scoreError: ScoreErrorModel? = nil, end: Double = end
    ) throws -> FlowMap1D {
        let (mixture, schedule) = try spec.build()
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: c, guidance: guidance, scoreError: scoreError)
        return try FlowMap1D(problem: problem, horizon: horizon, end: end, tolerance: tolerance)
    }

    /// Whether the output's q-quantile lies past `edge + 0.02` in the limit t → 0. A sample pushed
    /// past a support end by the flow returns like `√t`, so an excess left at a finite end is a
    /// finite-time effect when it shrinks about tenfold from end 1e-8 to end 1e-10; it is taken to
    /// be outside in the limit when it exceeds 0.02 at 1e-10 and kept at least half its size.
    static func outsideInLimit(_ spec: MixtureSpec, w: Double, scoreError: ScoreErrorModel?, quantile q: Double, edge: Double) throws
        -> (outside: Bool, excess: Double, shrink: Double)
    {
        try outsideInLimit(spec, guidance: .constant(w), scoreError: scoreError, quantile: q, edge: edge)
    }

    /// `outsideInLimit` under a guidance schedule; an edge below the output (`sign = -1`: the
    /// lower end a1, the quantile's excess counted downwards) or above it (`sign = 1`).
    static func outsideInLimit(
        _ spec: MixtureSpec, guidance: GuidanceSchedule, scoreError: ScoreErrorModel?, quantile q: Double, edge: Double, sign: Double = 1
    ) throws -> (outside: Bool, excess: Double, shrink: Double) {
        let near = try sign * (flow(spec, guidance: guidance, scoreError: scoreError, end: 1e-8).quantile(q) - edge)
        let far = try sign * (flow(spec, guidance: guidance, scoreError: scoreError, end: 1e-10).quantile(q) - edge)
        let shrink = near > 0 ? far / near : 0
        return (far > 0.02 && shrink >= 0.5, far, shrink)
    }

    /// A two-class 1-D spec under OU: class 0 (the guided class, "+") and class 1 ("-").
    static func spec(plus: [MixtureSpec.ComponentSpec], minus: [MixtureSpec.ComponentSpec], weightPlus: Double = 0.5) -> MixtureSpec {
        MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: weightPlus, components: plus), .init(weight: 1 - weightPlus, components: minus),
        ])
    }

    /// `w` on a geometric grid `first·ratio^k`, `k = 0..<count`.
    static func grid(first: Double, ratio: Double, count: Int) -> [Double] {
        (0..<count).map { first * pow(ratio, Double($0)) }
    }

    /// A number for a figure name: "w=16".
    static func at(_ w: Double) -> String { "w=" + String(format: "%g", w) }
}

/// Two classes on intervals: "+" on `[a1, a2]` with `plus`, "-" on `[minusLower, minusUpper]`
/// with `minus` (mirrored supports when `minusLower = -a2`, `minusUpper = -a1`).
struct TwoIntervalCase: Codable, Sendable, Equatable {
    var a1: Double
    var a2: Double
    var plus: IntervalShape
    var minus: IntervalShape
    var weightPlus: Double
    var minusLower: Double
    var minusUpper: Double

    var spec: MixtureSpec {
        G1Setting.spec(plus: [plus.component(lower: a1, upper: a2)],
                       minus: [minus.component(lower: minusLower, upper: minusUpper)], weightPlus: weightPlus)
    }

    /// [G1]'s example, the controls' model: uniform classes on [1, 2] and [-2, -1], equal weights.
    static let uniformPair = TwoIntervalCase(a1: 1, a2: 2, plus: .uniform, minus: .uniform, weightPlus: 0.5, minusLower: -2, minusUpper: -1)

    /// A mirrored case: `0.2 ≤ a1 ≤ 2`, `0.2 ≤ a2 - a1 ≤ 3`, β-bounded shapes, equal weights.
    static func mirrored(_ g: inout CaseGenerator) -> TwoIntervalCase {
        let a1 = g.double(in: 0.2...2), a2 = a1 + g.double(in: 0.2...3)
        return TwoIntervalCase(a1: a1, a2: a2, plus: g.intervalShape(betaBounded: true), minus: g.intervalShape(betaBounded: true),
                               weightPlus: 0.5, minusLower: -a2, minusUpper: -a1)
    }

    /// Simpler cases: rounder ends, simpler shapes, equal weights, mirrored supports.
    func shrunk(keepMirrored: Bool, keepWeight: Bool) -> [TwoIntervalCase] {
        var out: [TwoIntervalCase] = []
        for a in Shrink.towardsRound(a1) where a > 0 && a < a2 {
            var c = self
            c.a1 = a
            if keepMirrored { c.minusUpper = -a }
            out.append(c)
        }
        for a in Shrink.towardsRound(a2) where a > a1 {
            var c = self
            c.a2 = a
            if keepMirrored { c.minusLower = -a }
            out.append(c)
        }
        out += Shrink.field(self, \.plus, Shrink.intervalShape) + Shrink.field(self, \.minus, Shrink.intervalShape)
        if !keepWeight { out += Shrink.towards(weightPlus, target: 0.5).filter { $0 > 0 && $0 < 1 }.map { var c = self; c.weightPlus = $0; return c } }
        if !keepMirrored && (minusLower != -a2 || minusUpper != -a1) {
            var c = self
            (c.minusLower, c.minusUpper) = (-a2, -a1)
            out.append(c)
        }
        return out
    }
}

/// [G1] §5's 2-D geometry: class "+" uniform on the box `[a1, a2] × [b1, b2]` (`a1 > 0`), class
/// "-" its mirror image across `x₁ = 0` (linearly separable), equal weights, OU.
struct MirroredBoxes: Codable, Sendable, Equatable {
    var a1: Double, a2: Double, b1: Double, b2: Double

    var spec: MixtureSpec {
        MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 0.5, components: [.uniform(lower: [a1, b1], upper: [a2, b2])]),
            .init(weight: 0.5, components: [.uniform(lower: [-a2, b1], upper: [-a1, b2])]),
        ])
    }

    /// The Euclidean distance from `x` to the "+" box (0 inside).
    func distanceOutside(_ x: ArraySlice<Double>) -> Double {
        let x1 = x[x.startIndex], x2 = x[x.startIndex + 1]
        let d1 = max(a1 - x1, 0, x1 - a2), d2 = max(b1 - x2, 0, x2 - b2)
        return (d1 * d1 + d2 * d2).squareRoot()
    }

    /// `0.2 ≤ a1 ≤ 1.5`, widths in `[0.5, 2]`, `-1.5 ≤ b1 ≤ 0.5`; the edge case is the paper's
    /// `[1, 2] × [-0.5, 0.5]`.
    static func draw(_ g: inout CaseGenerator) -> MirroredBoxes {
        if g.edgeCase { return MirroredBoxes(a1: 1, a2: 2, b1: -0.5, b2: 0.5) }
        let a1 = g.double(in: 0.2...1.5), b1 = g.double(in: -1.5...0.5)
        return MirroredBoxes(a1: a1, a2: a1 + g.double(in: 0.5...2), b1: b1, b2: b1 + g.double(in: 0.5...2))
    }

    /// Rounder ends, keeping `0 < a1 < a2` and `b1 < b2`.
    func shrunk() -> [MirroredBoxes] {
        Shrink.field(self, \.a1, { Shrink.towardsRound($0).filter { $0 > 0 && $0 < a2 } })
            + Shrink.field(self, \.a2, { Shrink.towardsRound($0).filter { $0 > a1 } })
            + Shrink.field(self, \.b1, { Shrink.towardsRound($0).filter { $0 < b2 } })
            + Shrink.field(self, \.b2, { Shrink.towardsRound($0).filter { $0 > b1 } })
    }
}
