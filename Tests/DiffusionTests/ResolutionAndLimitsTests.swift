import Foundation
import Testing
import Diffusion

/// The inputs the CLI once guarded itself against (`SegmentResolution`, removed) and the settings'
/// ranges (`Limits`), driven through the library: typed errors naming the spec's field, no trap.
struct ResolutionAndLimitsTests {
    static func build(_ components: String, process: String = #"{"kind": "ou"}"#) throws -> (mixture: Mixture, schedule: NoiseSchedule) {
        try MixtureSpec.parse(Data(#"{"process": \#(process), "classes": [{"weight": 1, "components": [\#(components)]}]}"#.utf8)).build()
    }

    static func field(_ body: () throws -> Void) -> ModelError? {
        do { try body() } catch let error as ModelError { return error } catch { Issue.record("not a ModelError: \(error)") }
        return nil
    }

    @Test("a segment below double-precision resolution of its position is refused when the spec is built")
    func unresolvedSegment() throws {
        let box = #"{"kind": "uniform", "weight": 1, "lower": [1e15], "upper": [1000000000000000.5]}"#
        let error = Self.field { _ = try Self.build(#"{"kind": "gaussian", "weight": 1, "mean": [0], "cov": [[1]]}, "# + box) }
        #expect(error?.field == "classes[0].components[1].upper[0]", "\(String(describing: error))")
        #expect(error?.allowed.contains("apart at this magnitude") == true)
        let steps = #"{"kind": "piecewise", "weight": 1, "breaks": [0, 1, 1.000000000001], "heights": [1, 1]}"#
        #expect(Self.field { _ = try Self.build(steps) }?.field == "classes[0].components[0].breaks[2]")
        // A segment of zero mass may be narrow: it is never evaluated.
        _ = try Self.build(#"{"kind": "piecewise", "weight": 1, "breaks": [0, 1, 1.000000000001], "heights": [1, 0]}"#)
    }

    @Test("a segment whose noised width underflows is a typed error from noised, Sampler.run and FlowMap1D (it trapped in NormalLinearSegment)")
    func underflowingWidth() throws {
        // At t = 40 (OU), m = e^-40: m·1e-310/s is 0 (NormalLinearSegment's precondition trapped
        // there); m·1e-300/s is subnormal, refused as well (the width has lost its precision).
        let narrow = #"{"kind": "piecewise", "weight": 1, "breaks": [0, 1e-310, 1], "heights": [1, 1]}"#
        let (mixture, schedule) = try Self.build(#"{"kind": "uniform", "weight": 1, "lower": [1], "upper": [2]}, "# + narrow)
        let atT = Self.field { _ = try mixture.noised(at: 40, schedule: schedule) }
        #expect(atT?.field == "classes[0].components[1].breaks[1]", "\(String(describing: atT))")
        #expect(atT?.allowed.contains("apart at this noise level") == true)
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 1)
        #expect(Self.field { _ = try Sampler.run(problem, SamplerSettings(kind: .odeHeun, steps: 4, particles: 8, seed: 1, horizon: 40)) }?.field == "classes[0].components[1].breaks[1]")
        #expect(Self.field { _ = try FlowMap1D(problem: problem, horizon: 40).quantile(0.5) }?.field == "classes[0].components[1].breaks[1]")
        let subnormal = try Self.build(#"{"kind": "piecewise", "weight": 1, "breaks": [0, 1e-300, 1], "heights": [1, 1]}"#)
        _ = try subnormal.mixture.noised(at: 1, schedule: subnormal.schedule)  // m·1e-300/s is a normal double at t = 1
        #expect(Self.field { _ = try subnormal.mixture.noised(at: 40, schedule: subnormal.schedule).evaluate([0.5], classIndex: 0, w: 0) }?.field
            == "classes[0].components[0].breaks[1]")
        let product = try Self.build(#"{"kind": "product", "weight": 1, "factors": [{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}, "# + narrow + "]}")
        #expect(Self.field { _ = try product.mixture.noised(at: 40, schedule: product.schedule) }?.field == "classes[0].components[0].factors[1].breaks[1]")
        let box = try Self.build(#"{"kind": "uniform", "weight": 1, "lower": [0, 0], "upper": [1, 1e-300]}"#)
        #expect(Self.field { _ = try box.mixture.noised(at: 40, schedule: box.schedule) }?.field == "classes[0].components[0].upper[1]")
    }

    @Test("Limits: the library's settings checks are the CLI's (particles × dimension, steps, tolerance)")
    func limits() throws {
        let (mixture, schedule) = try Self.build(#"{"kind": "uniform", "weight": 1, "lower": [0, 0], "upper": [1, 1]}"#)
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 1)
        let tooMany = Limits.positions / 2 + 1
        let particles = Self.field { _ = try Sampler.run(problem, SamplerSettings(kind: .odeEuler, steps: 1, particles: tooMany, seed: 1)) }
        #expect(particles == ModelError(field: "particles", value: "\(tooMany)", allowed: "an integer in [1, 50000000] (at most 10^8 particles × dimension; here d = 2)"))
        #expect(Self.field { try Limits.checkParticles(0) }?.allowed == "an integer in [1, 10^8]")
        #expect(Self.field { try Limits.checkSteps(1_000_001) }?.allowed == "an integer in [1, 10^6]")
        var settings = SamplerSettings(kind: .odeAdaptive, steps: 2, particles: 1, seed: 1)
        settings.adaptiveTolerance = 1e-20
        #expect(Self.field { _ = try Sampler.run(problem, settings) } == ModelError(field: "tolerance", value: "1e-20", allowed: "a number in [1e-14, 1e-2]"))
        let line = try Self.build(#"{"kind": "gaussian", "weight": 1, "mean": [0], "cov": [[1]]}"#)
        let oneD = try GuidedProblem(mixture: line.mixture, schedule: line.schedule, classIndex: 0, w: 0)
        #expect(Self.field { _ = try FlowMap1D(problem: oneD, tolerance: 1) }?.field == "tolerance")
        #expect(Self.field { _ = try FlowMap1D(problem: oneD, horizon: 2, end: 3) }?.field == "end")
    }

    @Test("SampleSummary: type-7 quantiles, moments, non-finite particles, share in the class support")
    func summary() throws {
        let (mixture, schedule) = try Self.build(#"{"kind": "uniform", "weight": 1, "lower": [0], "upper": [1]}"#)
        let c = SampleSummary.Coordinate([4, .nan, 1, 3, 2], levels: [0, 0.25, 0.5, 1])
        #expect(c.nonFinite == 1 && c.mean == 2.5 && abs(c.standardDeviation - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(c.quantiles.map(\.value) == [1, 1.75, 2.5, 4])
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        let batch = try Sampler.run(problem, SamplerSettings(kind: .odeEuler, steps: 50, particles: 64, seed: 3))
        let inside = batch.positions.filter { $0 >= 0 && $0 <= 1 }.count
        let summary = SampleSummary(batch, mixture: mixture, classIndex: 0, levels: [0.5])
        #expect(summary.insideClassSupport == Double(inside) / 64)
        #expect(summary.insideClassSupport == SampleSummary.insideShare(batch, mixture: mixture, classIndex: 0))
    }
}
