import Foundation
import Testing

@Suite("guidance eval")
struct EvalTests {
    /// `½N(1,1) + ½N(-1,1)` under OU: the classes noise to `N(±m, 1)` (since m² + s² = 1), so
    /// `p_t(+|x) = 1/(1 + e^{-2mx})`, `∇log p_t(x|+) = -(x - m)`, `∇log p_t(x) = -x + m tanh(mx)`.
    @Test(
        "matches the closed form of a two-Gaussian mixture",
        arguments: [
            (0.5, 0.3, 2.0), (0.01, -1.7, 0.0), (3.0, 4.0, 15.0), (1.0, -6.0, 7.0),
        ])
    func gaussianClosedForm(t: Double, x: Double, w: Double) throws {
        let run = try GuidanceBinary.run([
            "eval", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--t", "\(t)", "--x", "\(x)", "--class", "0", "--w", "\(w)",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let m = exp(-t)
        let logPlus = Reference.logNormal(x, mean: m, variance: 1)
        let logMinus = Reference.logNormal(x, mean: -m, variance: 1)
        let logDensity = log(0.5) + Reference.logAddExp(logPlus, logMinus)
        let classScore = -(x - m)
        let score = -x + m * tanh(m * x)
        #expect(close(Reference.number(json["log_density"]), logDensity, 1e-12))
        #expect(close(Reference.number(json["log_density_class"]), logPlus, 1e-12))
        #expect(close(Reference.number(json["class_posterior"]), 1 / (1 + exp(-2 * m * x)), 1e-12))
        #expect(close(Reference.number(json["log_class_posterior"]), -log1p(exp(-2 * m * x)), 1e-12))
        #expect(close(Reference.numbers(json["class_score"]).first, classScore, 1e-12))
        #expect(close(Reference.numbers(json["score"]).first, score, 1e-12))
        #expect(close(Reference.numbers(json["guided_score"]).first, (1 + w) * classScore - w * score, 1e-11))
        #expect(Reference.number(json["t"]) == t)
        #expect(Reference.numbers(json["x"]) == [x])
        #expect(Reference.number(json["w"]) == w)
        #expect(Reference.number(json["class"]) == 0)
    }

    /// x = 40 against the class uniform on [1, 2] at t = 1e-4: 2687 noise scales out, where
    /// `p_t(x|0) = [Q(lo) - Q(hi)]/m`, `lo = (x - 2m)/s`, is about e^{-3.6e6}.
    @Test("stays finite and exact in the far tail")
    func farTail() throws {
        let (t, x, w) = (1e-4, 40.0, 3.0)
        let run = try GuidanceBinary.run([
            "eval", "--spec", GuidanceBinary.spec("two-class-1d.json"), "--t", "\(t)", "--x", "\(x)", "--class", "0", "--w", "\(w)",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let m = exp(-t)
        let s = (-expm1(-2 * t)).squareRoot()
        // Class 0: Q(hi)/Q(lo) = e^{-(hi² - lo²)/2} ≈ e^{-1.9e5} is far below rounding.
        let lo = (x - 2 * m) / s
        let (logQ, hazard) = Reference.upperTail(lo)
        let logClass = logQ - log(m)
        let classScore = -hazard / s
        // The marginal is carried by class 1's Gaussian part, 0.3 N(-m, 0.5 m² + s²).
        let variance = 0.5 * m * m + s * s
        let logDensity = log(0.5 * 0.3) + Reference.logNormal(x, mean: -m, variance: variance)
        let score = -(x + m) / variance
        #expect(close(Reference.number(json["log_density_class"]), logClass, 1e-10))
        #expect(close(Reference.numbers(json["class_score"]).first, classScore, 1e-9))
        #expect(close(Reference.number(json["log_density"]), logDensity, 1e-10))
        #expect(close(Reference.numbers(json["score"]).first, score, 1e-9))
        #expect(close(Reference.number(json["log_class_posterior"]), log(0.5) + logClass - logDensity, 1e-10))
        #expect(Reference.number(json["class_posterior"]) == 0)
        #expect(close(Reference.numbers(json["guided_score"]).first, (1 + w) * classScore - w * score, 1e-9))
        for key in ["log_density", "log_density_class", "log_class_posterior"] {
            #expect(Reference.number(json[key])?.isFinite == true, "\(key)")
        }
    }

    @Test("evaluates a 2-D box mixture coordinate by coordinate")
    func twoDimensional() throws {
        let run = try GuidanceBinary.run([
            "eval", "--spec", GuidanceBinary.spec("two-box-2d.json"), "--t", "0.7", "--x", "1.5,-0.25", "--class", "1", "--w", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let m = exp(-0.7)
        let s = (-expm1(-1.4)).squareRoot()
        // Class 1 is U[-2,-1] × U[-1,1]: each factor is [Φ((x - m a)/s) - Φ((x - m b)/s)]/(m(b - a)).
        func logUniform(_ x: Double, _ a: Double, _ b: Double) -> Double {
            log(Reference.cdf((x - m * a) / s) - Reference.cdf((x - m * b) / s)) - log(m * (b - a))
        }
        let expected = logUniform(1.5, -2, -1) + logUniform(-0.25, -1, 1)
        #expect(close(Reference.number(json["log_density_class"]), expected, 1e-9))
        #expect(Reference.numbers(json["score"]).count == 2)
        #expect(Reference.numbers(json["guided_score"]).count == 2)
    }
}
