import ArgumentParser
import Diffusion
import Foundation

extension Guidance {
    /// `guidance eval`: the exact noised density, class posterior and scores at one point.
    ///
    /// With `X_t = m(t) X_0 + s(t) Z` and `p_t = Σ_c π_c p_t(·|c)`:
    /// ```
    /// log_density         log p_t(x)
    /// log_density_class   log p_t(x|c)
    /// class_posterior     p_t(c|x) = π_c p_t(x|c) / p_t(x)      (and its log)
    /// score               ∇log p_t(x)
    /// class_score         ∇log p_t(x|c)
    /// guided_score        (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)
    /// ```
    /// All in log space, so the far tails stay finite. Accuracy: Gaussian components to rounding
    /// (κ(C)·ε); boxes and piecewise-constant densities relative 1e-10 (checked 2687 noise scales
    /// out in the tests); sloped piecewise-linear pieces lose about `(d/s)²·ε` at distance d from
    /// the support (the cancellation bound of `NormalLinearSegment`); beta components to the
    /// quadrature's 1e-10, which far outside the support may fail to converge (exit status 1).
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print log p_t(x), log p_t(x|c), p_t(c|x) and the marginal, class and guided scores at x.",
            discussion: """
                Exact (closed form or adaptive quadrature), in log space: finite far in the tails. \
                Example: guidance eval --spec Notebooks/specs/two-class-1d.json --t 0.5 --x 1.5 --class 0 --w 3
                """)

        @OptionGroup var model: ModelOptions

        @Option(name: .customLong("t"), parsing: .unconditional, help: "Diffusion time t > 0, at most the process's maximum (OU: 50).")
        var t: Double

        @Option(name: .customLong("x"), parsing: .unconditional, help: "The point x: d comma-separated coordinates, e.g. 1.5 or 1.5,-0.2.")
        var x: NumberList

        func validate() throws {
            guard t.isFinite, t > 0 else {
                throw InputError(field: "t", value: "\(t)", allowed: "a time > 0, at most the process's maximum").validation
            }
            do {
                try x.check("x", allowed: "finite numbers")
            } catch let error as InputError {
                throw error.validation
            }
        }

        func run() throws {
            let (mixture, schedule) = try model.load()
            guard x.values.count == mixture.dimension else {
                throw InputError(
                    field: "x", value: "\(x.values.count) coordinates", allowed: "\(mixture.dimension) coordinates (the spec's dimension)")
            }
            let noised = try mixture.noised(at: t, schedule: schedule)
            let w = try model.guidance(process: schedule).w(at: t)
            let e = try noised.evaluate(x.values, classIndex: model.classIndex, w: w)
            try JSONOutput.print(
                Report(
                    t: t, m: noised.m, s: noised.s, x: x.values, classIndex: model.classIndex, w: w,
                    logDensity: e.logDensity, logDensityClass: e.logClassDensity,
                    classPosterior: e.classPosterior, logClassPosterior: e.logClassPosterior,
                    score: e.score, classScore: e.classScore, guidedScore: e.guidedScore))
        }

        struct Report: Encodable {
            var t, m, s: Double
            var x: [Double]
            var classIndex: Int
            var w: Double
            var logDensity, logDensityClass, classPosterior, logClassPosterior: Double
            var score, classScore, guidedScore: [Double]

            enum CodingKeys: String, CodingKey {
                case t, m, s, x, w, score
                case classIndex = "class"
                case logDensity = "log_density"
                case logDensityClass = "log_density_class"
                case classPosterior = "class_posterior"
                case logClassPosterior = "log_class_posterior"
                case classScore = "class_score"
                case guidedScore = "guided_score"
            }
        }
    }
}
