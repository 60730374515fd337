import ClaimKit
import Foundation
import GuidanceNumerics

/// Claims made for the tests: one false, one statistical and true, ones whose numerics give up.
enum ExampleClaims {
    static func info(_ id: String, expectation: ClaimInfo.Expectation = .holds) -> ClaimInfo {
        ClaimInfo(id: id, paper: "[T] test", setting: "test", statement: "test claim \(id)",
                  formalisation: "test", tolerance: "none", expectation: expectation)
    }

    /// False: "every drawn list of numbers in [0, 50] sums below 100".
    static func sumBelow100(expectation: ClaimInfo.Expectation = .holds) -> Claim<[Double]> {
        Claim<[Double]>(
            info("T.sum", expectation: expectation),
            generate: { g in g.array(count: 1...20) { $0.double(in: 0...50) } },
            shrink: { xs in Shrink.array(xs, minCount: 1, element: Shrink.towardsRound) },
            check: { xs, _ in
                let sum = xs.reduce(0, +)
                return .require(sum < 100, otherwise: "sum \(sum) ≥ 100", figures: [Figure("sum", sum)])
            })
    }

    /// True and statistical: `n` uniforms of the case stream pass a DKW test against the uniform
    /// law at the run's alpha; one test per case.
    static func uniformDKW(cases: Int = 1) -> Claim<Int> {
        Claim<Int>(
            info("T.dkw"), cases: cases, edgeCases: 0, statisticalTestsPerCase: 1,
            generate: { _ in 1000 },
            check: { n, context in
                var stream = context.stream()
                let draws = (0..<n).map { _ in stream.nextUniform() }
                let distance = GoodnessOfFit.ksDistance(draws) { min(max($0, 0), 1) }
                let radius = try GoodnessOfFit.dkwRadius(sampleSize: n, alpha: context.alpha)
                return .require(distance <= radius, otherwise: "KS \(distance) > \(radius)",
                                figures: [Figure("KS", distance), Figure("radius", radius)])
            })
    }

    /// Its check throws `NumericsError.notConverged` when `x < share`, else holds.
    static func notConverging(share: Double, maxInconclusiveShare: Double = 0.1) -> Claim<Double> {
        Claim<Double>(
            info("T.nc"), maxInconclusiveShare: maxInconclusiveShare,
            generate: { g in g.double(in: 0...1) },
            check: { x, _ in
                if x < share { throw NumericsError.notConverged(routine: "test quadrature", detail: "x = \(x)") }
                return .holds(figures: [Figure("x", x)])
            })
    }

    /// Its check returns `.inconclusive` on every case.
    static let undecided = Claim<Double>(
        info("T.undecided"),
        generate: { g in g.double(in: 0...1) },
        check: { _, _ in .inconclusive(reason: "cannot tell", figures: []) })
}

/// A fresh folder under the temporary directory, unique per call.
func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("claimkit-\(UUID().uuidString)")
}

/// A quiet configuration writing nowhere unless asked.
func quietConfiguration(seed: UInt64 = MasterSeed.defaultValue, regressions: URL? = nil, reports: URL? = nil) -> RunConfiguration {
    RunConfiguration(masterSeed: seed, regressions: regressions.map(RegressionStore.init(directory:)),
                     reportsDirectory: reports, quiet: true)
}
