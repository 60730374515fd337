import Foundation
import Testing

@Suite("guidance sample")
struct SampleTests {
    /// The class N(1, 1) at w = 0 flows by a pure shift (see `FlowTests`), so the particles are
    /// their N(0, 1) start points moved by Heun's trapezoid sum of `∫ m dt`, which is within
    /// `h²/12 ∫|m''| ≤ 0.004` of `e^{-end} - e^{-T}` at h = 0.2. The mean of n independent N(μ, 1)
    /// is off by more than 5/√n with probability 5.7e-7; by DKW (Massart) the empirical median's
    /// level is off by more than √(log(2/α)/(2n)) with probability at most α = 1e-6.
    @Test("reproduces N(1, 1) shifted, within stated Monte Carlo bounds")
    func gaussianMean() throws {
        let n = 4000
        let run = try GuidanceBinary.run([
            "sample", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--class", "0", "--w", "0", "--sampler", "ode-heun",
            "--steps", "50", "--T", "10", "--n", "\(n)", "--seed", "7",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let shift = exp(-1e-4) - exp(-10.0)
        let coordinate = try #require((json["coordinates"] as? [[String: Any]])?.first)
        let mean = try #require(Reference.number(coordinate["mean"]))
        #expect(abs(mean - shift) <= 5 / Double(n).squareRoot() + 0.004)
        let sd = try #require(Reference.number(coordinate["standard_deviation"]))
        #expect(abs(sd - 1) < 0.1)
        let median = try #require((coordinate["quantiles"] as? [[String: Any]])?.first { Reference.number($0["level"]) == 0.5 })
        let dkw = (log(2 / 1e-6) / (2 * Double(n))).squareRoot()
        #expect(abs(Reference.cdf(try #require(Reference.number(median["value"])) - shift) - 0.5) <= dkw + 0.004)
        #expect(Reference.number(json["inside_class_support"]) == 1)
        #expect(Reference.number(json["score_evaluations"]) == Double(n * 50 * 2))
        #expect(Reference.number(coordinate["non_finite"]) == 0)
        #expect((Reference.number(json["wall_seconds"]) ?? -1) >= 0)
    }

    /// `--grid karras` visits other times than the default equal steps (the same start points,
    /// so the means differ only by the solvers' sums of `∫ m dt`, each within 0.004 of the shift,
    /// and are not equal); an unknown grid is refused naming the option and the choices.
    @Test("--grid karras runs the Karras times; an unknown grid is refused")
    func karrasGrid() throws {
        func mean(_ grid: [String]) throws -> Double {
            let run = try GuidanceBinary.run([
                "sample", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--class", "0", "--w", "0", "--sampler", "ode-heun",
                "--steps", "50", "--T", "10", "--n", "500", "--seed", "7",
            ] + grid)
            #expect(run.status == 0, "\(run.stderr)")
            return try #require(Reference.number((try run.json()["coordinates"] as? [[String: Any]])?.first?["mean"]))
        }
        let uniform = try mean([]), karras = try mean(["--grid", "karras"])
        #expect(uniform != karras)
        #expect(abs(uniform - karras) <= 0.008)
        let bad = try GuidanceBinary.run(["sample", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--grid", "log"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("grid") && bad.stderr.contains("karras"), "\(bad.stderr)")
    }

    /// The summary must be the statistics of the particles it wrote: recompute mean, standard
    /// deviation, type-7 quantiles and the share inside the box [1,2] × [-1,1] from the CSV.
    @Test("summarises exactly the particles written to --out")
    func summaryMatchesCSV() throws {
        let out = try GuidanceBinary.temporaryFile("", name: "particles.csv")
        let arguments = [
            "sample", "--spec", GuidanceBinary.spec("two-box-2d.json"), "--class", "0", "--w", "1", "--sampler", "ode-euler",
            "--steps", "100", "--n", "500", "--seed", "3", "--out", out,
        ]
        let run = try GuidanceBinary.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "x1,x2")
        let rows = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows.count == 500 && rows.allSatisfy { $0.count == 2 })
        let coordinates = try #require(json["coordinates"] as? [[String: Any]])
        #expect(coordinates.count == 2)
        for (i, summary) in coordinates.enumerated() {
            let values = rows.map { $0[i] }.sorted()
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
            #expect(close(Reference.number(summary["mean"]), mean, 1e-12))
            #expect(close(Reference.number(summary["standard_deviation"]), sd, 1e-12))
            for entry in try #require(summary["quantiles"] as? [[String: Any]]) {
                let q = try #require(Reference.number(entry["level"]))
                let h = Double(values.count - 1) * q
                let lo = Int(h)
                let expected = values[lo] + (h - Double(lo)) * (values[min(lo + 1, values.count - 1)] - values[lo])
                #expect(close(Reference.number(entry["value"]), expected, 1e-12), "coordinate \(i), level \(q)")
            }
        }
        let inside = rows.filter { $0[0] >= 1 && $0[0] <= 2 && $0[1] >= -1 && $0[1] <= 1 }.count
        #expect(Reference.number(json["inside_class_support"]) == Double(inside) / 500)
        // Same seed, same particles.
        let again = try GuidanceBinary.run(Array(arguments.dropLast(2)))
        #expect(
            Reference.number((try again.json()["coordinates"] as? [[String: Any]])?.first?["mean"])
                == Reference.number(coordinates[0]["mean"]))
    }

    @Test(
        "runs every sampler",
        arguments: [
            ["--sampler", "ode-euler"], ["--sampler", "ode-heun"], ["--sampler", "ode-rk4"],
            ["--sampler", "ode-adaptive", "--tolerance", "1e-6"],
            ["--sampler", "sde-em"], ["--sampler", "ddpm"], ["--sampler", "ddim"], ["--sampler", "ddim", "--eta", "0.5"],
        ])
    func everySampler(_ options: [String]) throws {
        let run = try GuidanceBinary.run(
            [
                "sample", "--spec", GuidanceBinary.spec("two-class-1d.json"), "--class", "1", "--w", "2", "--steps", "40", "--n", "64",
                "--seed", "11",
            ]
                + options)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        #expect(json["sampler"] as? String == options[1])
        let coordinate = try #require((json["coordinates"] as? [[String: Any]])?.first)
        #expect(Reference.number(coordinate["mean"])?.isFinite == true)
        #expect(run.stderr.isEmpty)
    }
}
