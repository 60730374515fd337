import ClaimKit
import Diffusion
import Foundation
import Numerics

/// [G3] Wang & Vastola 2024: teleportation by the Gaussian closed form (claims.md G3.4).
///
/// Setting: a Gaussian mixture in d ∈ [2, 4] (2–4 components, means in [-1.5, 1.5]^d, isotropic
/// variances in [0.02, 0.3]), exact mixture score, VE (EDM) with the Karras grid of N = 18 steps
/// from 80 to 0.002; samplers Heun (EDM) and DPM-Solver++(2M).
/// Statement: jumping from σ_max to σ_k with the moment-matched Gaussian's closed form and
/// running the rest with the exact score keeps the final samples close to the full run while σ_k
/// is well above the data scale (the papers: skipping 15–30% of the steps), and they drift once
/// σ_k reaches it.
/// Formalisation: 1000 shared start points; for k = 1…11 the RMS and largest distance between
/// teleported and full outputs of the same start point, and the largest per-coordinate two-sample
/// KS distance of the two output sets, all in units of the data's largest standard deviation
/// sd_max. This is a statement about these start points (deterministic samplers): no statistical
/// test.
/// Tolerance: the RMS distance grows with k; while σ_k ≥ 5·sd_max: RMS ≤ 0.01·sd_max,
/// largest ≤ 0.1·sd_max, KS ≤ 0.01. (A first run had DPM-Solver++(2M) at 0.079 sd_max for
/// one start point at σ_k = 5.2 sd_max, with a narrow component 3 sd away from a wide one.) Reported: the largest such k and its share of the 18 steps,
/// and the RMS distance at the first σ_k < 2·sd_max (the drift).
public enum G3_4 {
    public struct Piece: Codable, Sendable, Equatable {
        public var weight: Double
        public var mean: [Double]
        public var variance: Double
    }

    public struct Case: Codable, Sendable, Equatable {
        public var pieces: [Piece]
    }

    static let steps = 18

    public static let claim = Claim<Case>(
        ClaimInfo(
            id: "G3.4", paper: "[G3] Wang & Vastola 2024 (TMLR), teleportation (claims.md G3.4)",
            setting: "Gaussian mixtures in d ∈ [2, 4]; exact score; EDM VE, Karras N = 18 (80 → 0.002); Heun and DPM-Solver++(2M)",
            statement: "teleporting to σ_k with the moment-matched Gaussian keeps outputs close to the full run while σ_k is well above the data scale, and they drift once σ_k reaches it",
            formalisation: "1000 shared start points, k = 1…11; RMS / largest distance per start point and two-sample KS, in units of sd_max",
            tolerance: "RMS grows with k; for σ_k ≥ 5 sd_max: RMS ≤ 0.01 sd_max, largest ≤ 0.1 sd_max, KS ≤ 0.01"),
        cases: 6,
        generate: { g in
            let d = g.int(in: 2...4)
            return Case(pieces: g.array(count: 2...4) { g in
                Piece(weight: g.double(in: 0.2...1), mean: (0..<d).map { _ in g.double(in: -1.5...1.5) }, variance: g.double(in: 0.02...0.3))
            })
        },
        check: { value, context in
            let d = value.pieces[0].mean.count
            let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: try value.pieces.map { ($0.weight, try GaussianComponent(mean: $0.mean, variance: $0.variance)) })])
            let sdMax = try mixture.momentMatchedGaussian().largestStandardDeviation
            let problem = try GuidedProblem(mixture: mixture, schedule: .edm, classIndex: 0, w: 0)
            let n = context.particles(base: 1000)
            var figures: [Figure] = []
            for kind in [SamplerKind.odeHeun, .dpmSolverPP2M] {
                let settings = SamplerSettings(kind: kind, steps: steps, particles: n, seed: context.caseSeed.value)
                let full = try Sampler.run(problem, settings).positions
                var rmsList: [Double] = [], safe = 0, drift = Double.nan, saved = 0
                for k in 1...11 {
                    let jump = try Teleportation.run(problem, settings, skip: k)
                    let x = jump.batch.positions
                    var squares = 0.0, largest = 0.0
                    for p in 0..<n {
                        var s = 0.0
                        for i in 0..<d { s += (x[p * d + i] - full[p * d + i]) * (x[p * d + i] - full[p * d + i]) }
                        squares += s
                        largest = max(largest, s.squareRoot())
                    }
                    let rms = (squares / Double(n)).squareRoot() / sdMax
                    largest /= sdMax
                    let ks = (0..<d).map { i in
                        GoodnessOfFit.ksDistance(stride(from: i, to: x.count, by: d).map { x[$0] }, stride(from: i, to: full.count, by: d).map { full[$0] })
                    }.max()!
                    rmsList.append(rms)
                    let ratio = jump.jumpTime / sdMax
                    if ratio >= 5 {
                        if rms > 0.01 || largest > 0.1 || ks > 0.01 {
                            return .fails(reason: "\(kind.rawValue): at k = \(k) (σ_k = \(Format.g(ratio, 3)) sd_max) RMS \(rms), largest \(largest), KS \(ks)", figures: figures)
                        }
                        safe = k
                        saved = jump.savedEvaluations
                    } else if drift.isNaN && ratio < 2 {
                        drift = rms
                    }
                }
                figures.append(Figure("\(kind.rawValue) largest safe skip", Double(safe), note: "share \(Format.g(Double(safe) / Double(steps), 3)) of \(steps) steps; \(saved / n) score evaluations saved per sample"))
                figures.append(Figure("\(kind.rawValue) RMS at last safe k", safe > 0 ? rmsList[safe - 1] : 0, note: "units of sd_max; drift at σ_k < 2 sd_max: \(Format.g(drift, 3))"))
                guard zip(rmsList, rmsList.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    return .fails(reason: "\(kind.rawValue): the distance does not grow with the skip: \(rmsList)", figures: figures)
                }
            }
            return .holds(figures: figures)
        }
    ).erased
}
