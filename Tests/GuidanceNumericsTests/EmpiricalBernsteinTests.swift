import Foundation
import GuidanceNumerics
import Testing

/// The empirical-Bernstein interval covers the mean at least `1 - α` of the time.
struct EmpiricalBernsteinTests {
    @Test("coverage of Bernoulli(0.3) and uniform means at α = 0.1 is at least 90% (2000 repetitions)")
    func coverage() throws {
        var rng = RandomStream(seed: 17)
        for (mean, draw) in [(0.3, { (r: inout RandomStream) in r.nextUniform() < 0.3 ? 1.0 : 0.0 }), (0.5, { (r: inout RandomStream) in r.nextUniform() })] {
            var misses = 0
            for _ in 0..<2000 {
                let values = (0..<100).map { _ in draw(&rng) }
                let interval = try EmpiricalBernstein(values, range: 0...1, alpha: 0.1)
                if abs(interval.mean - mean) > interval.radius { misses += 1 }
            }
            // Binomial(2000, 0.1) exceeds 260 with probability below 1e-5.
            #expect(misses <= 260, "\(misses) misses of 2000 at α = 0.1")
        }
    }

    @Test("values outside the stated range are refused")
    func refusesOutOfRange() {
        #expect(throws: NumericsError.self) { try EmpiricalBernstein([0.5, 2], range: 0...1, alpha: 0.1) }
        #expect(throws: NumericsError.self) { try EmpiricalBernstein([0.5], range: 0...1, alpha: 0.1) }
    }
}
