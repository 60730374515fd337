import Foundation
import Testing

@Suite("guidance flow")
struct FlowTests {
    /// For the class N(1, 1) of `½N(1,1) + ½N(-1,1)` at w = 0, the OU probability-flow velocity is
    /// `dx/dt = -x - (-(x - m)) = -m(t)`: the flow is the shift `e^{-end} - e^{-T}`, so
    /// `quantile(q) = Φ⁻¹(q) + shift` and `P(x_out ≤ x) = Φ(x - shift)` exactly.
    @Test("is the exact shift for a Gaussian class without guidance")
    func gaussianShift() throws {
        let run = try GuidanceBinary.run([
            "flow", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--class", "0", "--w", "0", "--T", "10",
            "--quantiles", "0.01,0.5,0.99", "--cdf", "0,1,9",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let shift = exp(-1e-4) - exp(-10.0)
        let z99 = 2.326_347_874_040_840_8
        let quantiles = try #require(json["quantiles"] as? [[String: Any]])
        let expected: [(Double, Double)] = [(0.01, -z99 + shift), (0.5, shift), (0.99, z99 + shift)]
        #expect(quantiles.count == 3)
        for (entry, (level, value)) in zip(quantiles, expected) {
            #expect(Reference.number(entry["level"]) == level)
            #expect(close(Reference.number(entry["value"]), value, 1e-8), "quantile \(level)")
        }
        let cdf = try #require(json["cdf"] as? [[String: Any]])
        for (entry, x) in zip(cdf, [0.0, 1, 9]) {
            #expect(close(Reference.number(entry["cdf"]), Reference.cdf(x - shift), 1e-9), "cdf at \(x)")
            // The survival is printed separately: at x = 9 it is 6e-16, lost in 1 - cdf.
            let survival = try #require(Reference.number(entry["survival"]))
            #expect(abs(survival - Reference.cdf(shift - x)) <= 1e-8 * Reference.cdf(shift - x), "survival at \(x)")
        }
        #expect(Reference.number(json["T"]) == 10)
        #expect(Reference.number(json["end"]) == 1e-4)
        #expect(Reference.number(json["tolerance"]) == 1e-10)
    }

    /// A single class uniform on [-1, 1] is symmetric, and with one class guidance is void
    /// (`p(c|x) = 1`): the flow is odd, so the median is 0 and quantiles come in ± pairs.
    @Test("has median 0 for a symmetric law")
    func symmetricMedian() throws {
        let spec = try GuidanceBinary.temporaryFile(
            """
            {"process": {"kind": "ou"}, "classes": [{"weight": 1, "components": [{"kind": "uniform", "weight": 1, "lower": [-1], "upper": [1]}]}]}
            """)
        let run = try GuidanceBinary.run(["flow", "--spec", spec, "--w", "5", "--quantiles", "0.1,0.5,0.9"])
        #expect(run.status == 0, "\(run.stderr)")
        let values = try #require(run.json()["quantiles"] as? [[String: Any]]).compactMap { Reference.number($0["value"]) }
        #expect(values.count == 3)
        #expect(abs(values[1]) < 1e-8)
        #expect(abs(values[0] + values[2]) < 1e-8)
        #expect(values[2] > 0.5 && values[2] < 1.01)
    }

    @Test("moves the median out as w grows")
    func guidancePushesOut() throws {
        let medians = try [0.0, 4.0].map { w in
            let run = try GuidanceBinary.run([
                "flow", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--class", "0", "--w", "\(w)", "--quantiles", "0.5",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            return try #require(run.json()["quantiles"] as? [[String: Any]]).first.flatMap { Reference.number($0["value"]) }
        }
        let (plain, guided) = (try #require(medians[0]), try #require(medians[1]))
        #expect(guided > plain + 0.5)
    }
}
