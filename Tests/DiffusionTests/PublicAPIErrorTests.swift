import Diffusion
import Foundation
import GuidanceNumerics
import Testing

/// Misuse that a library caller can reach through the public API is a typed error, not a trap:
/// a score scratch made for another mixture, an empty list of output times.
@Suite("Public API errors")
struct PublicAPIErrorTests {
    static func noised(classes: Int) throws -> NoisedMixture {
        let spec = MixtureSpec(process: .init(kind: "ou"), classes: (0..<classes).map { c in
            .init(weight: 1, components: [.gaussian(mean: [Double(c)], cov: [[1]])])
        })
        let (mixture, schedule) = try spec.build()
        return try mixture.noised(at: 0.5, schedule: schedule)
    }

    @Test("a ScoreScratch from another mixture is refused with the scratch named")
    func foreignScratch() throws {
        let two = try Self.noised(classes: 2), three = try Self.noised(classes: 3)
        var scratch = three.makeScratch()
        var out = [0.0]
        let x = [0.25]
        #expect { try x.withUnsafeBufferPointer { xp in try out.withUnsafeMutableBufferPointer { try two.guidedScore(xp, classIndex: 0, w: 1, into: $0, scratch: &scratch) } } } throws: { ($0 as? ModelError)?.field == "scratch" }
        #expect { _ = try x.withUnsafeBufferPointer { xp in try out.withUnsafeMutableBufferPointer { try two.marginalScore(xp, into: $0, scratch: &scratch) } } } throws: { ($0 as? ModelError)?.field == "scratch" }
        // Its own scratch works.
        var own = two.makeScratch()
        try x.withUnsafeBufferPointer { xp in try out.withUnsafeMutableBufferPointer { try two.guidedScore(xp, classIndex: 0, w: 1, into: $0, scratch: &own) } }
        #expect(out[0].isFinite)
    }

    @Test("a probability-flow solve with no output time is refused")
    func emptyTimes() throws {
        let spec = MixtureSpec(process: .init(kind: "ou"), classes: [.init(weight: 1, components: [.gaussian(mean: [0], cov: [[1]])])])
        let (mixture, schedule) = try spec.build()
        let ode = ProbabilityFlowODE(problem: try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 1))
        #expect { _ = try ode.solve(from: [0], at: []) } throws: { ($0 as? ModelError)?.field == "times" }
    }
}

/// The sample-side public API: bad class indices, counts, point sizes and quantile levels.
@Suite("Public API errors, sampling side")
struct SamplingAPIErrorTests {
    @Test("class draws, class membership and summaries refuse what they cannot answer")
    func samplingSide() throws {
        let spec = MixtureSpec(process: .init(kind: "ou"), classes: [.init(weight: 1, components: [.uniform(lower: [1], upper: [2])])])
        let (mixture, _) = try spec.build()
        #expect(throws: ModelError.self) { _ = try mixture.noisedClassSamples(classIndex: 0, m: 1, s: 0.1, count: -1, seed: 1) }
        #expect(throws: ModelError.self) { _ = try mixture.noisedClassSamples(classIndex: 3, m: 1, s: 0.1, count: 2, seed: 1) }
        var stream = RandomStream(seed: 1)
        var two = [0.0, 0.0]
        #expect(throws: ModelError.self) { try two.withUnsafeMutableBufferPointer { try mixture.sample(classIndex: 0, using: &stream, into: $0) } }
        #expect(throws: ModelError.self) { try two.withUnsafeMutableBufferPointer { try mixture.sample(classIndex: -1, using: &stream, into: $0) } }
        let point = [1.5]
        #expect(point.withUnsafeBufferPointer { mixture.classContains(0, $0) })
        #expect(!point.withUnsafeBufferPointer { mixture.classContains(1, $0) })
        #expect(!two.withUnsafeBufferPointer { mixture.classContains(0, $0) })
        let summary = SampleSummary.Coordinate([1, 2, 3], levels: [0.5, -0.1, 1.5, .nan])
        #expect(summary.quantiles[0].value == 2)
        #expect(summary.quantiles[1...].allSatisfy { $0.value.isNaN })
    }
}
