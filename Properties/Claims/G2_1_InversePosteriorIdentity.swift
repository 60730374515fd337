import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G2] Li & Jiao 2025, the identity behind "guidance helps on average" (Properties/README.md G2.1).
///
/// Setting: any data law `p = Σ_z π_z p(·|z)` noised by a linear-Gaussian process to time t.
/// Statement: for every t and class c, `E_{x ~ p_t(·|c)} [1/p_t(c|x)] = 1/π_c`.
/// (Derivation: `p_t(x|c)/p_t(c|x) = p_t(x)/π_c`, which integrates to `1/π_c`.)
/// Formalisation: random 1-D mixtures of two or three classes, each of one to three components
/// of every kind (Gaussian, uniform, piecewise constant, piecewise linear, Beta by quadrature),
/// a random class, OU time t log-uniform in [0.01, 5]; the expectation by adaptive quadrature
/// (QAGS on each piece of [-45, 45] between the scaled kinks, relative 1e-10) of `exp(log p_t(x|c) - log p_t(c|x))`, all in log space.
/// Tolerance: relative error ≤ 1e-8 (quadrature accuracy; its own estimate is reported).
public enum InversePosteriorIdentity {
    public struct Case: Codable, Sendable, Equatable {
        public var spec: MixtureSpec
        public var classIndex: Int
        public var t: Double
    }

    static func component(_ g: inout CaseGenerator) -> MixtureSpec.ComponentSpec {
        let centre = g.double(in: -3...3), width = g.double(in: 0.2...2)
        switch g.int(in: 0...4) {
        case 0: return .gaussian(weight: g.double(in: 0.2...1), mean: [centre], cov: [[width * width / 4]])
        case 1: return .uniform(weight: g.double(in: 0.2...1), lower: [centre - width / 2], upper: [centre + width / 2])
        case 2: return .piecewise(weight: g.double(in: 0.2...1), breaks: [centre - width / 2, centre, centre + width / 2], heights: [g.double(in: 0.1...2), g.double(in: 0.1...2)])
        case 3: return .piecewiseLinear(weight: g.double(in: 0.2...1), breaks: [centre - width / 2, centre, centre + width / 2], values: [g.double(in: 0...2), g.double(in: 0.1...2), g.double(in: 0...2)])
        default: return .beta(weight: g.double(in: 0.2...1), lower: centre - width / 2, upper: centre + width / 2, alpha: g.double(in: 1...5), beta: g.double(in: 1...5))
        }
    }

    public static let claim = Claim<Case>(
        ClaimInfo(
            id: "G2.1", paper: "[G2] Li & Jiao 2025 (ICML), identity behind the main result (Properties/README.md G2.1)",
            setting: "1-D mixtures of 2–3 classes, components of every kind, OU noising to time t",
            statement: "E_{x ~ p_t(·|c)}[1/p_t(c|x)] = 1/π_c for every t and class c",
            formalisation: "random mixture, class and t ∈ [0.01, 5] (log-uniform); QAGS on the pieces of [-45, 45] between kinks of p_t(x|c)/p_t(c|x) in log space",
            tolerance: "relative error ≤ 1e-8"),
        cases: 40,
        generate: { g in
            let classes = (0..<g.int(in: 2...3)).map { _ in
                MixtureSpec.ClassSpec(weight: g.double(in: 0.1...1), components: g.array(count: 1...3) { component(&$0) })
            }
            let t = exp(g.double(in: log(0.01)...log(5)))
            return Case(spec: MixtureSpec(process: NoiseSchedule.ou.spec, classes: classes), classIndex: g.int(in: 0...(classes.count - 1)), t: t)
        },
        shrink: { value in
            Shrink.field(value, \.t, Shrink.towardsRound).filter { $0.t >= 0.01 && $0.t <= 5 }
        },
        check: { value, _ in try identityCheck(value) },
        report: { value, _, _ in CounterexampleReport(specJSON: value.spec.json()) },
        controls: [
            // 1/π_c off by 2e-8 relative: the identity, computed to far better than 1e-8, then
            // misses by 2e-8, twice the tolerance.
            Control("a Gaussian and a uniform class at t = 0.5, 1/π_c off by twice the tolerance (relative 2e-8)") { _ in
                let spec = MixtureSpec(process: NoiseSchedule.ou.spec, classes: [
                    .init(weight: 0.4, components: [.gaussian(mean: [1], cov: [[0.5]])]),
                    .init(weight: 0.6, components: [.uniform(lower: [-2], upper: [-1])]),
                ])
                return try identityCheck(Case(spec: spec, classIndex: 0, t: 0.5), priorError: 2e-8)
            },
        ]
    )

    /// G2.1's test of the case: `E_{p_t(·|c)}[1/p_t(c|x)]` by quadrature against `1/π_c`, to
    /// relative 1e-8; `π_c` is taken as the class weight times `1 + priorError` (0 but in a
    /// control).
    static func identityCheck(_ value: Case, priorError: Double = 0) throws -> Verdict {
        let (mixture, schedule) = try value.spec.build()
        let noised = try mixture.noised(at: value.t, schedule: schedule)
        let prior = mixture.classes[value.classIndex].weight * (1 + priorError)
        // Every component lives in [-4, 4] (or is a Gaussian of sd ≤ 1 centred there), so with
        // m ≤ 1 and s ≤ 1 the noised density is below e^{-600} outside ±45. A finite window
        // (not QAGI) because the noised piecewise densities trap for |x| ≳ 1e15 (see the report).
        let m = schedule.m(value.t)
        let kinks = value.spec.classes.flatMap { $0.components.flatMap { ($0.breaks ?? []) + ($0.lower ?? []) + ($0.upper ?? []) } }.map { m * $0 }
        let ends = Array(Set(kinks.filter { abs($0) < 45 } + [-45, 45])).sorted()
        var integral = Estimate(value: 0, error: 0)
        for (a, b) in zip(ends, ends.dropFirst()) {
            let piece = try Quadrature.integrate({ x in
                guard let e = try? noised.evaluate([x], classIndex: value.classIndex, w: 0) else { return .nan }
                return exp(e.logClassDensity - e.logClassPosterior)
            }, from: a, to: b, absoluteTolerance: 1e-13, relativeTolerance: 1e-10)
            integral.value += piece.value
            integral.error += piece.error
        }
        let relative = abs(integral.value * prior - 1)
        return .require(relative <= 1e-8, otherwise: "E[1/p_t(c|x)] = \(integral.value) but 1/π_c = \(1 / prior)",
                        figures: [Figure("E[1/p_t(c|x)]", integral.value, note: "1/π_c = \(Format.g(1 / prior, 10))"),
                                  Figure("relative error", relative, note: "tolerance 1e-8, quadrature estimate \(Format.g(integral.error / max(integral.value, 1e-300)))")])
    }
}
