import Foundation
import GuidanceNumerics
import Testing

/// The stated power of each calibrated test, by simulation: a discrepancy of the stated size is
/// rejected in at least `1 - β` of the repetitions, and one of a third of it mostly is not (so the
/// stated size is not vacuously large). Fixed seeds: each test is deterministic.
@Suite("Detectable discrepancies (power)")
struct DetectableDiscrepancyTests {
    static let repetitions = 1000
    static let alpha = 1e-4, beta = 1e-2

    /// How often `reject(sample)` holds over the repetitions, the samples drawn by `draw`.
    static func rejectionRate(seed: UInt64, _ trial: (inout RandomStream) throws -> Bool) rethrows -> Double {
        var rejected = 0
        for r in 0..<repetitions {
            var random = RandomStream(seed: seed, stream: UInt64(r))
            if try trial(&random) { rejected += 1 }
        }
        return Double(rejected) / Double(repetitions)
    }

    @Test("DKW: a law shifted by the stated KS distance is rejected at least 1 - β of the time")
    func dkwPower() throws {
        let n = 2000, allowance = 0.01
        let delta = try DetectableDiscrepancy.dkw(sampleSize: n, alpha: Self.alpha, beta: Self.beta, allowance: allowance)
        let radius = try GoodnessOfFit.dkwRadius(sampleSize: n, alpha: Self.alpha)
        // U(Δ, 1 + Δ) against F₀ = U(0, 1): sup|F - F₀| = Δ.
        func rate(_ shift: Double, seed: UInt64) -> Double {
            Self.rejectionRate(seed: seed) { random in
                let sample = (0..<n).map { _ in random.nextUniform() + shift }
                return GoodnessOfFit.ksDistance(sample) { min(max($0, 0), 1) } > radius + allowance
            }
        }
        #expect(rate(delta, seed: 1) >= 1 - Self.beta, "at Δ = \(delta)")
        #expect(rate(delta / 3, seed: 2) < 0.5, "at Δ/3 = \(delta / 3) the test should mostly hold")
        #expect(rate(0, seed: 3) <= Self.alpha * 10, "at Δ = 0 it must hold (false alarms ≤ α)")
    }

    @Test("two samples: laws the stated KS distance apart are told apart at least 1 - β of the time")
    func twoSamplePower() throws {
        let n = 1500, m = 1000
        let delta = try DetectableDiscrepancy.twoSample(n, m, alpha: Self.alpha, beta: Self.beta)
        let radius = try GoodnessOfFit.twoSampleRadius(n, m, alpha: Self.alpha)
        func rate(_ shift: Double, seed: UInt64) -> Double {
            Self.rejectionRate(seed: seed) { random in
                let a = (0..<n).map { _ in random.nextUniform() }
                let b = (0..<m).map { _ in random.nextUniform() + shift }
                return GoodnessOfFit.ksDistance(a, b) > radius
            }
        }
        #expect(rate(delta, seed: 4) >= 1 - Self.beta, "at Δ = \(delta)")
        #expect(rate(delta / 3, seed: 5) < 0.5)
    }

    @Test("Hoeffding: a share past the threshold by the stated amount is rejected at least 1 - β of the time")
    func hoeffdingPower() throws {
        let n = 3000, threshold = 0.2
        let delta = try DetectableDiscrepancy.hoeffding(sampleSize: n, width: 1, alpha: Self.alpha, beta: Self.beta)
        let radius = try GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: 1, alpha: Self.alpha)
        func rate(_ share: Double, seed: UInt64) -> Double {
            Self.rejectionRate(seed: seed) { random in
                let count = (0..<n).filter { _ in random.nextUniform() < share }.count
                return Double(count) / Double(n) > threshold + radius
            }
        }
        #expect(rate(threshold + delta, seed: 6) >= 1 - Self.beta, "at Δ = \(delta)")
        #expect(rate(threshold + delta / 3, seed: 7) < 0.5)
    }

    @Test("empirical Bernstein: a mean past zero by the stated amount (at the observed variance) is rejected at least 1 - β of the time")
    func empiricalBernsteinPower() throws {
        let n = 2000, spread = 0.3
        var probe = RandomStream(seed: 8)
        let reference = (0..<n).map { _ in spread * (probe.nextUniform() - 0.5) }
        let delta = try DetectableDiscrepancy.empiricalBernstein(reference, range: -1...1, alpha: Self.alpha, beta: Self.beta)
        func rate(_ mean: Double, seed: UInt64) throws -> Double {
            try Self.rejectionRate(seed: seed) { random in
                let values = (0..<n).map { _ in mean + spread * (random.nextUniform() - 0.5) }
                return try EmpiricalBernstein(values, range: -1...1, alpha: Self.alpha).lower > 0
            }
        }
        #expect(try rate(delta, seed: 9) >= 1 - Self.beta, "at Δ = \(delta)")
        #expect(try rate(delta / 3, seed: 10) < 0.5)
    }

    @Test("bad allowances are refused naming the field")
    func badAllowance() {
        #expect(throws: NumericsError.self) { try DetectableDiscrepancy.dkw(sampleSize: 10, alpha: 0.01, allowance: -1) }
        #expect(throws: NumericsError.self) { try DetectableDiscrepancy.dkw(sampleSize: 10, alpha: 0.01, allowance: .nan) }
        #expect(throws: NumericsError.self) { try DetectableDiscrepancy.hoeffding(sampleSize: 0, width: 1, alpha: 0.01) }
    }
}
