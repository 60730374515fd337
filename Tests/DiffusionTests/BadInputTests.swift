import Foundation
import Testing
import Diffusion

/// Every kind of bad input gets a `ModelError` naming the field and the allowed range.
struct BadInputTests {
    static func spec(_ component: String, weight: String = "1", process: String = #"{"kind": "ou"}"#) -> String {
        #"{"process": \#(process), "classes": [{"weight": \#(weight), "components": [\#(component)]}]}"#
    }

    static let cases: [(name: String, json: String, field: String)] = [
        ("unknown component kind", spec(#"{"kind": "cauchy", "weight": 1}"#), "classes[0].components[0].kind"),
        ("unknown process kind", spec(#"{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}"#, process: #"{"kind": "vp-square"}"#), "process.kind"),
        ("negative class weight", spec(#"{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}"#, weight: "-0.5"), "classes[0].weight"),
        ("zero component weight", spec(#"{"kind": "uniform", "weight": 0, "lower": [0], "upper": [1]}"#), "classes[0].components[0].weight"),
        ("zero variance", spec(#"{"kind": "gaussian", "weight": 1, "mean": [0], "cov": [[0]]}"#), "classes[0].components[0].cov"),
        ("non-positive-definite covariance", spec(#"{"kind": "gaussian", "weight": 1, "mean": [0, 0], "cov": [[1, 2], [2, 1]]}"#), "classes[0].components[0].cov"),
        ("covariance of the wrong size", spec(#"{"kind": "gaussian", "weight": 1, "mean": [0, 0], "cov": [[1]]}"#), "classes[0].components[0].cov"),
        ("empty interval", spec(#"{"kind": "uniform", "weight": 1, "lower": [1], "upper": [1]}"#), "classes[0].components[0].upper[0]"),
        ("decreasing breaks", spec(#"{"kind": "piecewise", "weight": 1, "breaks": [0, 2, 1], "heights": [1, 1]}"#), "classes[0].components[0].breaks[2]"),
        ("negative height", spec(#"{"kind": "piecewise", "weight": 1, "breaks": [0, 1, 2], "heights": [1, -1]}"#), "classes[0].components[0].heights[1]"),
        ("all-zero values", spec(#"{"kind": "piecewise-linear", "weight": 1, "breaks": [0, 1], "values": [0, 0]}"#), "classes[0].components[0].values"),
        ("missing field", spec(#"{"kind": "uniform", "weight": 1, "lower": [0]}"#), "classes[0].components[0].upper"),
        ("wrong type", spec(#"{"kind": "uniform", "weight": "heavy", "lower": [0], "upper": [1]}"#), "classes[0].components[0].weight"),
        ("malformed JSON", #"{"process": {"kind": "ou"}, "classes": [ "#, "(spec)"),
        ("NaN", spec(#"{"kind": "uniform", "weight": 1, "lower": [NaN], "upper": [1]}"#), "(spec)"),
        ("no classes", #"{"process": {"kind": "ou"}, "classes": []}"#, "classes"),
        ("beta shape below 1", spec(#"{"kind": "beta", "weight": 1, "lower": [0], "upper": [1], "alpha": 0.5, "beta": 2}"#), "classes[0].components[0].alpha"),
        ("product without factors", spec(#"{"kind": "product", "weight": 1, "factors": []}"#), "classes[0].components[0].factors"),
        ("product factor with a weight", spec(#"{"kind": "product", "weight": 1, "factors": [{"kind": "uniform", "weight": 2, "lower": [0], "upper": [1]}]}"#), "classes[0].components[0].factors[0].weight"),
        ("2-D product factor", spec(#"{"kind": "product", "weight": 1, "factors": [{"kind": "uniform", "weight": 1, "lower": [0, 0], "upper": [1, 1]}]}"#), "classes[0].components[0].factors[0].kind"),
        ("bad beta factor", spec(#"{"kind": "product", "weight": 1, "factors": [{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}, {"kind": "beta", "weight": 1, "lower": [0], "upper": [1], "alpha": 0, "beta": 2}]}"#), "classes[0].components[0].factors[1].alpha"),
        ("misspelt factor field", spec(#"{"kind": "product", "weight": 1, "factors": [{"kind": "piecewise", "weight": 1, "breaks": [0, 1], "heigths": [1]}]}"#), "classes[0].components[0].factors[0].heigths"),
        ("VE with sigma_min above sigma_max", spec(#"{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}"#, process: #"{"kind": "ve", "sigma_min": 5, "sigma_max": 1}"#), "process.sigma_max"),
    ]

    @Test("bad specs are typed errors naming the field", arguments: cases.map(\.name))
    func badSpec(name: String) throws {
        let entry = Self.cases.first { $0.name == name }!
        do {
            _ = try MixtureSpec.parse(Data(entry.json.utf8)).build()
            Issue.record("\(name): no error")
        } catch let error as ModelError {
            #expect(error.field == entry.field, "\(name): \(error)")
            #expect(!error.allowed.isEmpty)
        }
    }

    @Test("mixed dimensions are refused")
    func mixedDimensions() throws {
        let json = #"{"process": {"kind": "ou"}, "classes": [{"weight": 1, "components": [{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}]}, {"weight": 1, "components": [{"kind": "uniform", "weight": 1, "lower": [0, 0], "upper": [1, 1]}]}]}"#
        #expect(throws: ModelError.self) { try MixtureSpec.parse(Data(json.utf8)).build() }
    }

    @Test("bad sampler settings and queries are typed errors")
    func badSettings() throws {
        let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: [(1, try GaussianComponent(mean: [0], variance: 1))])])
        #expect(throws: ModelError.self) { try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 3, w: 1) }
        #expect(throws: ModelError.self) { try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: -1) }
        #expect(throws: ModelError.self) { try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: .nan) }
        let problem = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 1)
        #expect(throws: ModelError.self) { try Sampler.run(problem, SamplerSettings(kind: .odeEuler, steps: 0, particles: 10, seed: 1)) }
        #expect(throws: ModelError.self) { try Sampler.run(problem, SamplerSettings(kind: .odeEuler, steps: 10, particles: 0, seed: 1)) }
        #expect(throws: ModelError.self) { try Sampler.run(problem, SamplerSettings(kind: .odeEuler, steps: 10, particles: 1, seed: 1, horizon: 1, end: 2)) }
        #expect(throws: ModelError.self) { try mixture.noised(at: .nan, schedule: .ou) }
        #expect(throws: ModelError.self) { try mixture.noised(at: 0, schedule: .ou) }
        #expect(throws: ModelError.self) { try FlowMap1D(problem: problem).quantile(1.5) }
    }

    @Test("far-tail evaluations are finite")
    func farTails() throws {
        let (mixture, schedule) = try MixtureSpec.parse(Data(Self.spec(#"{"kind": "uniform", "weight": 1, "lower": [1], "upper": [2]}"#).utf8)).build()
        let noised = try mixture.noised(at: 1e-4, schedule: schedule)
        for x in [-40.0, 40] {
            let e = try noised.evaluate([x], classIndex: 0, w: 5)
            #expect(e.logDensity.isFinite && e.logDensity < -1e6)
            #expect(e.score[0].isFinite && e.guidedScore[0].isFinite)
        }
    }

    @Test("a point where (x - m·b)/s overflows is a typed error, not a trap (a diverging sampler's particle)")
    func overflowingPoint() throws {
        let json = Self.spec(#"{"kind": "piecewise", "weight": 1, "breaks": [0, 1, 2], "heights": [1, 3]}"#, process: #"{"kind": "ve"}"#)
        let (mixture, schedule) = try MixtureSpec.parse(Data(json.utf8)).build()
        let noised = try mixture.noised(at: 1e-3, schedule: schedule)
        for x in [1e306, -1e306, .greatestFiniteMagnitude] {
            #expect(throws: ModelError.self) { try noised.evaluate([x], classIndex: 0, w: 1) }
        }
        let box = try MixtureSpec.parse(Data(Self.spec(#"{"kind": "uniform", "weight": 1, "lower": [0, 0], "upper": [1, 1]}"#, process: #"{"kind": "ve"}"#).utf8)).build()
        #expect(throws: ModelError.self) { try box.mixture.noised(at: 1e-3, schedule: box.schedule).evaluate([0.5, 1e307], classIndex: 0, w: 1) }
    }
}
