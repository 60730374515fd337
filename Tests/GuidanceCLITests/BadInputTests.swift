import Foundation
import Testing

/// Every bad input exits non-zero with exactly one line on stderr, `error: <field>: …`, naming
/// the field at fault, and prints nothing on stdout.
@Suite("bad input")
struct BadInputTests {
    static let oneClass = #"{"kind": "uniform", "weight": 1, "lower": [1], "upper": [2]}"#

    /// A spec whose second class is the component `component` (a JSON object).
    static func spec(process: String = #"{"kind": "ou"}"#, component: String, classWeight: String = "0.5") -> String {
        """
        {"process": \(process), "classes": [
          {"weight": \(classWeight), "components": [\(oneClass)]},
          {"weight": 0.5, "components": [\(component)]}]}
        """
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The spec's text, or nil to use `Notebooks/specs/two-class-1d.json`.
        var spec: String?
        var arguments: [String]
        /// What the line must start with after `error: `.
        var field: String

        var testDescription: String { name }
    }

    static let evalPoint = ["eval", "--t", "0.5", "--x", "1.5"]

    static let cases: [Case] = [
        Case(
            name: "unknown process kind", spec: spec(process: #"{"kind": "subvp"}"#, component: oneClass), arguments: evalPoint,
            field: "process.kind:"),
        Case(
            name: "unknown component kind", spec: spec(component: #"{"kind": "laplace", "weight": 1}"#), arguments: evalPoint,
            field: "classes[1].components[0].kind:"),
        Case(
            name: "components of different dimensions",
            spec: spec(component: #"{"kind": "gaussian", "weight": 1, "mean": [0, 0], "cov": [[1, 0], [0, 1]]}"#),
            arguments: evalPoint, field: "classes[1].components[0]:"),
        Case(
            name: "covariance not matching the mean",
            spec: spec(component: #"{"kind": "gaussian", "weight": 1, "mean": [0], "cov": [[1, 0], [0, 1]]}"#),
            arguments: evalPoint, field: "classes[1].components[0].cov:"),
        Case(name: "point of the wrong dimension", spec: nil, arguments: ["eval", "--t", "0.5", "--x", "1,2"], field: "x:"),
        Case(
            name: "flow on a 2-D spec",
            spec: spec(component: oneClass).replacingOccurrences(of: "[1]", with: "[1, 1]").replacingOccurrences(of: "[2]", with: "[2, 2]"),
            arguments: ["flow"], field: "dimension:"),
        Case(
            name: "negative class weight", spec: spec(component: oneClass, classWeight: "-1"), arguments: evalPoint,
            field: "classes[0].weight:"),
        Case(
            name: "zero component weight", spec: spec(component: #"{"kind": "uniform", "weight": 0, "lower": [-2], "upper": [-1]}"#),
            arguments: evalPoint, field: "classes[1].components[0].weight:"),
        Case(
            name: "covariance not positive definite",
            spec: spec(component: #"{"kind": "gaussian", "weight": 1, "mean": [0], "cov": [[-0.5]]}"#),
            arguments: evalPoint, field: "classes[1].components[0].cov:"),
        Case(
            name: "empty interval", spec: spec(component: #"{"kind": "uniform", "weight": 1, "lower": [-1], "upper": [-1]}"#),
            arguments: evalPoint, field: "classes[1].components[0].upper[0]:"),
        Case(
            name: "decreasing breaks", spec: spec(component: #"{"kind": "piecewise", "weight": 1, "breaks": [0, -1], "heights": [1]}"#),
            arguments: evalPoint, field: "classes[1].components[0].breaks[1]:"),
        Case(
            name: "missing field", spec: spec(component: #"{"kind": "gaussian", "weight": 1, "mean": [0]}"#),
            arguments: evalPoint, field: "classes[1].components[0].cov:"),
        Case(name: "malformed JSON", spec: #"{"process": {"kind": "ou"}, "classes": ["#, arguments: evalPoint, field: "(spec):"),
        Case(
            name: "value of the wrong type",
            spec: spec(component: #"{"kind": "uniform", "weight": "heavy", "lower": [-2], "upper": [-1]}"#),
            arguments: evalPoint, field: "classes[1].components[0].weight:"),
        Case(
            name: "integer field out of range", spec: spec(process: #"{"kind": "vp-linear", "steps": 1e30}"#, component: oneClass),
            arguments: evalPoint, field: "(spec):"),
        Case(
            name: "segment below double-precision resolution",
            spec: spec(component: #"{"kind": "uniform", "weight": 1, "lower": [1e15], "upper": [1000000000000000.5]}"#),
            arguments: ["sample", "--n", "2", "--steps", "2"], field: "classes[1].components[0].upper[0]:"),
        Case(name: "x is NaN", spec: nil, arguments: ["eval", "--t", "0.5", "--x", "nan"], field: "x:"),
        Case(name: "x is infinite", spec: nil, arguments: ["eval", "--t", "0.5", "--x", "-inf"], field: "x:"),
        Case(name: "x too far out for the process", spec: nil, arguments: ["eval", "--t", "1e-3", "--x", "1e307"], field: "x:"),
        Case(name: "w negative", spec: nil, arguments: evalPoint + ["--w", "-1"], field: "w:"),
        Case(name: "w NaN", spec: nil, arguments: evalPoint + ["--w", "nan"], field: "w:"),
        Case(name: "guidance interval of one time", spec: nil, arguments: ["flow", "--w", "3", "--guidance-interval", "1"], field: "guidance-interval:"),
        Case(name: "guidance interval reversed", spec: nil, arguments: ["flow", "--w", "3", "--guidance-interval", "2,1"], field: "guidance.upper:"),
        Case(name: "guidance interval at t = 0", spec: nil, arguments: ["flow", "--w", "3", "--guidance-interval", "0,1"], field: "guidance-interval:"),
        Case(
            name: "guidance schedule with --w", spec: nil, arguments: ["flow", "--w", "3", "--guidance-schedule", #"{"kind": "constant", "w": 3}"#],
            field: "guidance-schedule:"),
        Case(name: "guidance schedule malformed", spec: nil, arguments: ["flow", "--guidance-schedule", "{"], field: "guidance:"),
        Case(name: "guidance schedule kind unknown", spec: nil, arguments: ["flow", "--guidance-schedule", #"{"kind": "cosine"}"#], field: "guidance.kind:"),
        Case(
            name: "guidance schedule negative w", spec: nil,
            arguments: ["sample", "--n", "2", "--steps", "2", "--guidance-schedule", #"{"kind": "table", "t": [0.1, 1, 2], "w": [1, -1]}"#],
            field: "guidance.values[1]:"),
        Case(
            name: "guidance σ band past the process", spec: nil,
            arguments: ["flow", "--guidance-schedule", #"{"kind": "interval", "w": 3, "sigma": [1, 1e300]}"#], field: "guidance.sigma[1]:"),
        Case(name: "guidance schedule file missing", spec: nil, arguments: ["flow", "--guidance-schedule", "@/nonexistent.json"], field: "guidance-schedule:"),
        Case(name: "t zero", spec: nil, arguments: ["eval", "--t", "0", "--x", "1"], field: "t:"),
        Case(name: "t past the process", spec: nil, arguments: ["eval", "--t", "80", "--x", "1"], field: "t:"),
        Case(name: "class out of range", spec: nil, arguments: evalPoint + ["--class", "2"], field: "class:"),
        Case(name: "class negative", spec: nil, arguments: evalPoint + ["--class", "-1"], field: "class:"),
        Case(name: "quantile outside (0, 1)", spec: nil, arguments: ["flow", "--quantiles", "0.5,1"], field: "quantiles:"),
        Case(name: "cdf point NaN", spec: nil, arguments: ["flow", "--cdf", "nan"], field: "cdf:"),
        Case(name: "end after T", spec: nil, arguments: ["flow", "--T", "2", "--end", "3"], field: "end:"),
        Case(
            name: "segment too narrow for the noise level at T",
            spec: spec(component: #"{"kind": "piecewise", "weight": 1, "breaks": [0, 1e-300, 1], "heights": [1, 1]}"#),
            arguments: ["flow", "--T", "40"], field: "classes[1].components[0].breaks[1]:"),
        Case(name: "tolerance too small", spec: nil, arguments: ["flow", "--tolerance", "1e-20"], field: "tolerance:"),
        Case(
            name: "DDPM on a VE process", spec: spec(process: #"{"kind": "ve"}"#, component: oneClass),
            arguments: ["sample", "--sampler", "ddpm", "--n", "4", "--steps", "4"], field: "sampler:"),
        Case(name: "zero steps", spec: nil, arguments: ["sample", "--steps", "0"], field: "steps:"),
        Case(name: "zero particles", spec: nil, arguments: ["sample", "--n", "0"], field: "n:"),
        Case(name: "eta without DDIM", spec: nil, arguments: ["sample", "--eta", "0.5"], field: "eta:"),
        Case(name: "eta above 1", spec: nil, arguments: ["sample", "--sampler", "ddim", "--eta", "2"], field: "eta:"),
        Case(
            name: "unwritable --out", spec: nil, arguments: ["sample", "--n", "2", "--steps", "2", "--out", "/nonexistent/dir/p.csv"],
            field: "out:"),
        Case(
            name: "process parameter out of range",
            spec: spec(process: #"{"kind": "ve", "sigma_min": 5, "sigma_max": 1}"#, component: oneClass),
            arguments: evalPoint, field: "process.sigma_max:"),
    ]

    @Test("exits non-zero with one line naming the field", arguments: cases)
    func rejected(_ c: Case) throws {
        let spec = try c.spec.map { try GuidanceBinary.temporaryFile($0) } ?? GuidanceBinary.spec("two-class-1d.json")
        let run = try GuidanceBinary.run(Array(c.arguments.prefix(1)) + ["--spec", spec] + c.arguments.dropFirst())
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.errorLines.count == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: \(c.field)"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains(" — allowed: "), "stderr: \(run.stderr)")
    }

    @Test("a missing spec file names --spec")
    func missingFile() throws {
        let run = try GuidanceBinary.run(["eval", "--spec", "/nonexistent/spec.json", "--t", "1", "--x", "0"])
        #expect(run.status != 0)
        #expect(run.errorLines.count == 1)
        #expect(run.stderr.hasPrefix("error: spec: /nonexistent/spec.json — allowed: "))
    }

    @Test(
        "argument-parser errors are one line too",
        arguments: [
            (["eval", "--t", "1", "--x", "0"], "--spec"),
            (["eval", "--spec", "x.json", "--t", "1", "--x", "1,abc"], "--x"),
            (["sample", "--spec", "x.json", "--seed", "-3"], "--seed"),
            (["sample", "--spec", "x.json", "--seed", "0xg"], "'0xg' is invalid for '--seed <decimal|0xhex>'"),
            (["frobnicate"], "frobnicate"),
        ])
    func parserErrors(_ arguments: [String], _ option: String) throws {
        let run = try GuidanceBinary.run(arguments)
        #expect(run.status != 0)
        #expect(run.errorLines.count == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.contains(option), "stderr: \(run.stderr)")
    }

    @Test("an unknown sampler names --sampler and every sampler")
    func unknownSampler() throws {
        let run = try GuidanceBinary.run(["sample", "--spec", GuidanceBinary.spec("two-class-1d.json"), "--sampler", "euler"])
        #expect(run.status != 0)
        #expect(run.errorLines.count == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.contains("'euler' is invalid for '--sampler <sampler>'"), "stderr: \(run.stderr)")
        for sampler in ["ode-euler", "ode-heun", "ode-rk4", "ode-adaptive", "sde-em", "ddpm", "ddim", "dpm-solver++2m"] {
            #expect(run.stderr.contains("- \(sampler)"), "stderr: \(run.stderr)")
        }
    }

    @Test("help goes to stdout with status 0")
    func help() throws {
        let run = try GuidanceBinary.run(["--help"])
        #expect(run.status == 0)
        for command in ["eval", "flow", "sample"] { #expect(run.stdout.contains(command)) }
        #expect(run.stderr.isEmpty)
    }
}
