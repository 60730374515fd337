import ArgumentParser
import Diffusion
import Foundation
import GuidanceNumerics

extension Guidance {
    /// `guidance flow`: the exact output law of the guided probability-flow ODE in one dimension.
    ///
    /// The ODE `dx/dt = f(t) x - ½ g(t)² g^w_t(x)` runs from `T` down to `end`, started from
    /// `N(0, σ²)` (σ = 1 for OU and VP, σ = T for VE). In 1-D its flow F is increasing, so
    /// ```
    /// quantile(q) = F(σ Φ⁻¹(q)),      P(x_out ≤ x) = Φ(F⁻¹(x)/σ)
    /// ```
    /// Each quantile is one adaptive rk8pd solve (local error ≤ tolerance·(1 + |x|)); each CDF
    /// value a Brent search on F (to 1e-12 in the start point), with the tail `P(x_out > x)`
    /// printed separately so that tiny tails are not lost to `1 - Φ`. No Monte Carlo error.
    struct Flow: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print exact quantiles (and CDF values) of the guided probability-flow ODE's output law (1-D specs).",
            discussion: """
                quantile(q) = F(σ Φ⁻¹(q)) with F the ODE flow from time T to end and σ the start \
                law's standard deviation; no sampling error. \
                Example: guidance flow --spec Notebooks/specs/gaussian-pm1.json --class 0 --w 4 --quantiles 0.01,0.5,0.99
                """)

        @OptionGroup var model: ModelOptions

        @OptionGroup var times: ReverseTimeOptions

        @Option(parsing: .unconditional, help: "Local tolerance of the adaptive ODE solver, in \(Limits.toleranceText).")
        var tolerance: Double = 1e-10

        @Option(parsing: .unconditional, help: "Quantile levels q in (0, 1), comma-separated.")
        var quantiles = NumberList([0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99])

        @Option(parsing: .unconditional, help: "Points x at which to print P(x_out ≤ x) and P(x_out > x), comma-separated.")
        var cdf: NumberList?

        func validate() throws {
            do {
                try quantiles.check("quantiles", allowed: "levels in (0, 1)") { $0 > 0 && $0 < 1 }
                try cdf?.check("cdf", allowed: "finite numbers")
            } catch let error as InputError {
                throw error.validation
            }
            try InputError.validating { try Limits.checkTolerance(tolerance) }
        }

        func run() throws {
            let problem = try model.problem()
            let flow = try FlowMap1D(problem: problem, horizon: times.horizon, end: times.end, tolerance: tolerance)
            let levels = try quantiles.values.map { QuantileValue(level: $0, value: try flow.quantile($0)) }
            let probabilities = try (cdf?.values ?? []).map { x in
                let z = try flow.startQuantile(of: x)
                return Report.Probability(x: x, cdf: Normal.cdf(z), survival: Normal.survival(z))
            }
            try JSONOutput.print(
                Report(
                    classIndex: problem.classIndex, w: problem.guidance.constantValue, guidance: problem.guidance.constantValue == nil ? problem.guidance : nil, horizon: flow.horizon, end: flow.end, tolerance: tolerance,
                    startStandardDeviation: flow.startStandardDeviation, quantiles: levels, cdf: cdf == nil ? nil : probabilities))
        }

        struct Report: Encodable {
            var classIndex: Int
            /// The constant w, or (for any other schedule) nil and `guidance`.
            var w: Double?
            var guidance: GuidanceSchedule?
            var horizon, end, tolerance, startStandardDeviation: Double
            var quantiles: [QuantileValue]
            var cdf: [Probability]?

            struct Probability: Encodable {
                var x, cdf, survival: Double
            }

            enum CodingKeys: String, CodingKey {
                case w, guidance, end, tolerance, quantiles, cdf
                case classIndex = "class"
                case horizon = "T"
                case startStandardDeviation = "start_standard_deviation"
            }
        }
    }
}
