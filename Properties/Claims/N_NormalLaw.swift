import ClaimKit
import Foundation
import GuidanceNumerics
import Plot

/// Claims about the numerics the paper claims rest on: they hold, and they show how a claim is
/// written (an exact one and a statistical one).
public enum NormalLaw {
    /// N.0: `Φ(x) + Q(x) = 1` to 1e-15 over `x ∈ [-40, 40]`.
    public static let tailsSumToOne = Claim<Double>(
        ClaimInfo(
            id: "N.0", paper: "[N] Normal law (numerics prerequisite)", setting: "standard normal law, GSL",
            statement: "Φ(x) + Q(x) = 1 for every x",
            formalisation: "x uniform in [-40, 40]; edge cases at -40, 0, 40",
            tolerance: "absolute error ≤ 1e-15"),
        cases: 200,
        generate: { g in g.double(in: -40...40) },
        shrink: Shrink.towardsRound,
        check: { x, _ in tailsVerdict(x, survival: Normal.survival(x)) },
        controls: [
            // Q read 2.5e-14 to the right of 0: off Q(0) by φ(0)·2.5e-14 ≈ 1e-14, ten times the
            // tolerance and about 90 ulps of ½, so well above the rounding of either tail.
            Control("Q(0) evaluated 2.5e-14 to the right, off by about 1e-14 (ten times the tolerance)") { _ in
                tailsVerdict(0, survival: Normal.survival(2.5e-14))
            },
        ]
    )

    /// N.0's test at x: `Φ(x) + survival` within 1e-15 of 1, `survival` being `Q(x)` (but in a
    /// control).
    static func tailsVerdict(_ x: Double, survival: Double) -> Verdict {
        let error = abs(Normal.cdf(x) + survival - 1)
        return .require(error <= 1e-15, otherwise: "Φ(\(x)) + Q(\(x)) is off 1 by \(error)",
                        figures: [Figure("|Φ + Q - 1|", error, note: "tolerance 1e-15")])
    }

    /// The fewest draws of an N.1 case at ci.
    static let smallestDraws = 120_000

    /// N.1: `RandomStream.nextNormal` draws standard normals: the KS distance of `n` draws to
    /// `Φ` stays within the DKW radius at the run's per-test `alpha`. `n ≥ 120 000` at ci (× 10 at
    /// thorough) so that a KS error of 0.02 (0.005 at thorough) is detected with probability
    /// ≥ 1 - β (`DetectableDiscrepancy.dkw`).
    public static let samplerIsStandard = Claim<Int>(
        ClaimInfo(
            id: "N.1", paper: "[N] Philox + Box–Muller (numerics prerequisite)",
            setting: "RandomStream of the case seed",
            statement: "nextNormal() draws follow N(0, 1)",
            formalisation: "n ∈ [120000, 200000] draws (× profile particles); one DKW test per case",
            tolerance: "sup|F_n - Φ| ≤ sqrt(log(2/α)/(2n)) at the budgeted α"),
        cases: 20, statisticalTestsPerCase: 1,
        generate: { g in g.int(in: smallestDraws...200_000) },
        shrink: { n in Shrink.integer(n, towards: smallestDraws) },
        check: { n, context in
            var stream = context.stream()
            return try normalityVerdict((0..<context.particles(base: n)).map { _ in stream.nextNormal() }, alpha: context.alpha)
        },
        report: { n, _, context in
            var stream = context.stream()
            let draws = (0..<context.particles(base: n)).map { _ in stream.nextNormal() }
            var histogram = Histogram(samples: draws, bins: 40, frame: PlotFrame(title: "N.1 draws", xLabel: "x", yLabel: "density"))
            histogram.overlay("φ(x)", points: stride(from: -4.0, through: 4, by: 0.1).map { ($0, Normal.density($0)) })
            return CounterexampleReport(svg: histogram.svg())
        },
        detects: { profile, alpha in
            .detects("KS", try DetectableDiscrepancy.dkw(sampleSize: profile.particles(base: smallestDraws), alpha: alpha, beta: Profile.beta))
        },
        controls: [
            // N(μ, 1) is at KS distance 2Φ(μ/2) - 1 from N(0, 1): μ puts it at the detectable size.
            Control("draws shifted to the detectable KS distance from N(0, 1)") { context in
                let n = context.particles(base: smallestDraws)
                let size = try DetectableDiscrepancy.dkw(sampleSize: n, alpha: context.alpha, beta: Profile.beta)
                let shift = 2 * Normal.quantile((1 + size) / 2)
                var stream = context.stream()
                return try normalityVerdict((0..<n).map { _ in stream.nextNormal() + shift }, alpha: context.alpha)
            },
        ]
    )

    /// N.1's test of `draws` against Φ: the KS distance within the DKW radius at `alpha`.
    static func normalityVerdict(_ draws: [Double], alpha: Double) throws -> Verdict {
        let distance = GoodnessOfFit.ksDistance(draws, cdf: Normal.cdf)
        let radius = try GoodnessOfFit.dkwRadius(sampleSize: draws.count, alpha: alpha)
        let detects = try DetectableDiscrepancy.dkw(sampleSize: draws.count, alpha: alpha, beta: Profile.beta)
        return .require(distance <= radius, otherwise: "KS distance \(distance) exceeds the DKW radius \(radius)",
                        figures: [Figure("KS distance", distance, note: "DKW radius " + String(format: "%.3g", radius)), .detects("KS", detects)])
    }
}
