import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// Guidance schedules (`GuidanceSchedule`): their values, their JSON form, the σ ↔ t map, that a
/// constant schedule (or an interval covering the whole run) gives today's results bit for bit,
/// and that the flow map with break points equals the composition of constant-w flows.
struct GuidanceScheduleTests {
    static func mixture() throws -> Mixture { try SamplerTests.model() }

    @Test("w(t) of each kind, and its jumps")
    func values() throws {
        let interval = GuidanceSchedule.interval(w: 3, lower: 0.5, upper: 2)
        #expect([0.1, 0.5, 1, 2, 3].map(interval.w(at:)) == [0, 3, 3, 3, 0])
        #expect(interval.jumps == [0.5, 2])
        #expect(interval.jumps(between: 1e-4, and: 10) == [2, 0.5])
        #expect(interval.w(at: 0.5, within: 0.1, 0.5) == 0)
        #expect(interval.w(at: 0.5, within: 0.5, 2) == 3)
        let ramp = GuidanceSchedule.ramp(from: .init(t: 1, w: 0), to: .init(t: 3, w: 4))
        #expect([0.5, 1, 2, 3, 9].map(ramp.w(at:)) == [0, 0, 2, 4, 4])
        #expect(ramp.jumps.isEmpty)
        let table = GuidanceSchedule.table(breaks: [0.1, 1, 3, 10], values: [2, 2, 5])
        #expect([0.05, 0.1, 0.5, 1, 3, 10, 11].map(table.w(at:)) == [0, 2, 2, 2, 5, 5, 0])
        #expect(table.jumps == [0.1, 3, 10])
        #expect(table.peak == 5)
        #expect(GuidanceSchedule.constant(3).jumps.isEmpty)
        #expect(GuidanceSchedule.interval(w: 0, lower: 1, upper: 2).isZero)
    }

    @Test("bad schedules name the field and the allowed range")
    func badSchedules() throws {
        let cases: [(GuidanceSchedule, String)] = [
            (.constant(-1), "w"), (.constant(.nan), "w"),
            (.interval(w: 3, lower: 2, upper: 1), "guidance.upper"), (.interval(w: 3, lower: 0, upper: 1), "guidance.lower"),
            (.ramp(from: .init(t: 1, w: 0), to: .init(t: 1, w: 1)), "guidance.to.t"),
            (.table(breaks: [1, 2], values: []), "guidance.values"), (.table(breaks: [1, 3, 2], values: [1, 1]), "guidance.breaks[2]"),
            (.table(breaks: [1, 2], values: [.infinity]), "guidance.values[0]"),
        ]
        for (schedule, field) in cases {
            #expect(throws: ModelError.self) { try schedule.validated() }
            do {
                _ = try schedule.validated()
            } catch let error as ModelError {
                #expect(error.field == field, "\(schedule)")
            }
        }
        #expect(throws: ModelError.self) {
            try GuidedProblem(mixture: try Self.mixture(), schedule: .ou, classIndex: 0, guidance: .interval(w: -2, lower: 1, upper: 2))
        }
    }

    @Test("the JSON form: every kind read back, σ bands turned into times, errors naming the field")
    func json() throws {
        func parse(_ text: String, _ process: NoiseSchedule = .ou) throws -> GuidanceSchedule {
            try GuidanceSchedule.parse(Data(text.utf8), process: process)
        }
        #expect(try parse(#"{"kind": "constant", "w": 3}"#) == .constant(3))
        #expect(try parse(#"{"kind": "interval", "w": 3, "t": [0.3, 2]}"#) == .interval(w: 3, lower: 0.3, upper: 2))
        #expect(try parse(#"{"kind": "ramp", "t": [0.1, 5], "w": [0, 6]}"#) == .ramp(from: .init(t: 0.1, w: 0), to: .init(t: 5, w: 6)))
        #expect(try parse(#"{"kind": "table", "t": [0.1, 1, 3], "w": [0, 4]}"#) == .table(breaks: [0.1, 1, 3], values: [0, 4]))
        guard case let .interval(w, lower, upper) = try parse(#"{"kind": "interval", "w": 2, "sigma": [0.5, 5]}"#) else {
            Issue.record("a σ band is an interval")
            return
        }
        #expect(w == 2)
        #expect(abs(NoiseSchedule.ou.sigma(lower) - 0.5) < 1e-14 && abs(NoiseSchedule.ou.sigma(upper) - 5) < 1e-13)
        for schedule in [GuidanceSchedule.constant(3), .interval(w: 1, lower: 0.2, upper: 4), .table(breaks: [0.1, 1], values: [7])] {
            #expect(try parse(String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)) == schedule)
        }
        let bad: [(String, String)] = [
            ("{", "guidance"), ("[1]", "guidance"), (#"{"kind": "wavy"}"#, "guidance.kind"),
            (#"{"kind": "constant", "w": 3, "t": [1, 2]}"#, "guidance.t"), (#"{"kind": "constant", "w": true}"#, "guidance.w"),
            (#"{"kind": "interval", "w": 3}"#, "guidance.t"), (#"{"kind": "interval", "w": 3, "t": [1, 2], "sigma": [1, 2]}"#, "guidance.t"),
            (#"{"kind": "interval", "w": 3, "t": [1]}"#, "guidance.t"), (#"{"kind": "interval", "w": [3], "t": [1, 2]}"#, "guidance.w"),
            (#"{"kind": "interval", "w": 3, "sigma": [0.5, 1e300]}"#, "guidance.sigma[1]"),
            (#"{"kind": "table", "t": [1, 2], "w": [1, 2]}"#, "guidance.values"),
        ]
        for (text, field) in bad {
            do {
                _ = try parse(text)
                Issue.record("\(text) was accepted")
            } catch let error as ModelError {
                #expect(error.field == field, "\(text): \(error)")
            }
        }
    }

    @Test("σ(t) and its inverse agree on every process", arguments: [
        NoiseSchedule.ou, .vpLinear(betaMin: 1e-4, betaMax: 0.02, steps: 1000), .vpCosine(offset: 0.008), .ve(sigmaMin: 0.002, sigmaMax: 80),
    ])
    func sigmaInverse(process: NoiseSchedule) throws {
        for t in [1e-4, 1e-3, 0.01, 0.1, 0.5, 0.9] {
            let sigma = process.sigma(t)
            let back = try process.time(atSigma: sigma)
            #expect(abs(back - t) <= 1e-9 * t, "t = \(t), σ = \(sigma), back \(back)")
        }
        #expect(throws: ModelError.self) { try process.time(atSigma: 0) }
        #expect(throws: ModelError.self) { try process.time(atSigma: -.infinity) }
    }

    /// A constant schedule and an interval covering `[end, T]` give the bits of a plain `w`, for
    /// every sampler and the exact flow map.
    @Test("a constant schedule, and an interval covering the run, reproduce w bit for bit", arguments: SamplerKind.allCases)
    func constantIsBitIdentical(kind: SamplerKind) throws {
        let mixture = try Self.mixture()
        let plain = try GuidedProblem(mixture: mixture, schedule: .vpLinear(betaMin: 0.1 / 1000, betaMax: 20.0 / 1000, steps: 1000), classIndex: 0, w: 3)
        let covering = [
            GuidanceSchedule.constant(3), .interval(w: 3, lower: 1e-5, upper: 1),
            .table(breaks: [1e-4, 0.5, 1], values: [3, 3]), .ramp(from: .init(t: 1e-4, w: 3), to: .init(t: 1, w: 3)),
        ]
        var settings = SamplerSettings(kind: kind, steps: kind == .odeAdaptive ? 20 : 60, particles: kind == .odeAdaptive ? 8 : 64, seed: 5)
        settings.eta = 0.5
        let reference = try Sampler.run(plain, settings)
        for guidance in covering {
            var problem = plain
            problem.guidance = guidance
            #expect(try Sampler.run(problem, settings).positions == reference.positions, "\(kind.rawValue), \(guidance)")
        }
    }

    @Test("the exact flow map: constant schedules bit for bit; an interval equals the composition of constant-w flows")
    func flowMapBreakPoints() throws {
        let mixture = try Self.mixture()
        let plain = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 4)
        let flow = try FlowMap1D(problem: plain)
        var covering = plain
        covering.guidance = .interval(w: 4, lower: 1e-5, upper: 12)
        let coveringFlow = try FlowMap1D(problem: covering)
        for q in [0.001, 0.3, 0.9] { #expect(try coveringFlow.quantile(q) == flow.quantile(q)) }

        // w = 4 on [0.2, 1.5] only: the flow T → 1.5 and 0.2 → end unguided, 1.5 → 0.2 at w = 4.
        let (lower, upper) = (0.2, 1.5)
        var banded = plain
        banded.guidance = .interval(w: 4, lower: lower, upper: upper)
        let unguided = ProbabilityFlowODE(problem: try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 0))
        let guided = ProbabilityFlowODE(problem: plain)
        let bandedFlow = ProbabilityFlowODE(problem: banded)
        let (horizon, end) = (NoiseSchedule.ou.defaultHorizon, NoiseSchedule.ou.defaultEnd)
        for y in [-2.0, -0.3, 0.4, 1.7] {
            let a = try unguided.solve(from: [y], at: [horizon, upper])[1]
            let b = try guided.solve(from: a, at: [upper, lower])[1]
            let composed = try unguided.solve(from: b, at: [lower, end])[1][0]
            let states = try bandedFlow.solve(from: [y], at: [horizon, 1, 0.5, end])
            #expect(states.count == 4)
            #expect(abs(states[3][0] - composed) <= 1e-8 * (1 + abs(composed)), "y = \(y): \(states[3][0]) vs \(composed)")
            // The output at t = 1 (inside the band) is the guided flow's from 1.5.
            #expect(abs(states[1][0] - (try guided.solve(from: a, at: [upper, 1])[1][0])) <= 1e-8 * (1 + abs(states[1][0])))
        }
        // Guidance only at t ∈ [0.2, 1.5] moves the output less than guidance throughout.
        let bandedMap = try FlowMap1D(problem: banded)
        let unguidedMap = try FlowMap1D(problem: try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 0))
        let (u, b, g) = (try unguidedMap.quantile(0.5), try bandedMap.quantile(0.5), try flow.quantile(0.5))
        #expect(b != u && b != g, "median: unguided \(u), banded \(b), guided \(g)")
    }

    /// The fixed-step samplers evaluate `w(t)` at their grid times; a jump that falls between two
    /// grid times costs that step an O(h) error, so the output converges at first order near a
    /// jump instead of Heun's second: quadrupling the steps must cut the error at least by 2.5
    /// (first order gives 4) and bring it under 1e-2.
    @Test("samplers follow the schedule: ODE Heun converges to the exact banded flow as steps grow")
    func samplerFollowsSchedule() throws {
        let mixture = try Self.mixture()
        let banded = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, guidance: .interval(w: 4, lower: 0.2, upper: 1.5))
        let n = 16
        let start = Sampler.startPoints(count: n, dimension: 1, seed: 3, standardDeviation: 1)
        let ode = ProbabilityFlowODE(problem: banded)
        let exact = try start.map { try ode.solve(from: [$0], at: [NoiseSchedule.ou.defaultHorizon, NoiseSchedule.ou.defaultEnd])[1][0] }
        func error(steps: Int) throws -> Double {
            let batch = try Sampler.run(banded, SamplerSettings(kind: .odeHeun, steps: steps, particles: n, seed: 3))
            return zip(batch.positions, exact).map { abs($0 - $1) }.max()!
        }
        let (coarse, fine) = (try error(steps: 400), try error(steps: 1600))
        #expect(fine <= coarse / 2.5 && fine < 1e-2, "max error \(coarse) at 400 steps, \(fine) at 1600")
    }
}
