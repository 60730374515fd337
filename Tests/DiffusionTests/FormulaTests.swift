import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// The formulas every sampler shares (issue 17, "one place per formula"), against their closed
/// forms and the counts `guidance bench` printed before they moved into the library.
struct FormulaTests {
    @Test("the guided score: both forms are (1 + w)a - wb to rounding; the marginal form is exact where it can be, lanes match scalars")
    func guidedScore() {
        // (1 + w)·2 - w·1 with w = 3: 4·2 - 3 = 5, exact in binary.
        #expect(GuidedScore.combine(classScore: 2.0, marginalScore: 1.0, w: 3) == 5)
        #expect(GuidedScore.combine(classScore: 2.0, classPosteriorGradient: 1.0, w: 3) == 5)
        #expect(GuidedScore.combine(classScore: -0.7, marginalScore: 0.4, w: 0) == -0.7)
        var rng = RandomStream(seed: 17, stream: 0)
        for _ in 0..<200 {
            let a = rng.nextNormal(), b = rng.nextNormal(), w = 10 * rng.nextUniform()
            let marginal = GuidedScore.combine(classScore: a, marginalScore: b, w: w)
            let posterior = GuidedScore.combine(classScore: a, classPosteriorGradient: a - b, w: w)
            #expect(abs(marginal - posterior) <= 1e-14 * (1 + w) * (abs(a) + abs(b)))
            let lanes = GuidedScore.combine(classScore: SIMD8(repeating: a), marginalScore: SIMD8(repeating: b), w: w)
            #expect((0..<8).allSatisfy { lanes[$0].bitPattern == marginal.bitPattern })
        }
    }

    @Test("Tweedie's x̂₀: (x - sε)/m recovers x₀ from x = m x₀ + sε, and the score form is the noise form with ε = -s·score")
    func dataPrediction() {
        #expect(Tweedie.dataPrediction(x: 3, noise: 1, m: 0.5, s: 1) == 4)
        #expect(Tweedie.dataPrediction(x: 3, score: -1, m: 0.5, sSquared: 1) == 4)
        var rng = RandomStream(seed: 18, stream: 0)
        for _ in 0..<200 {
            let x0 = rng.nextNormal(), epsilon = rng.nextNormal(), m = 0.05 + rng.nextUniform(), s = 0.05 + 2 * rng.nextUniform()
            let x = m * x0 + s * epsilon
            #expect(abs(Tweedie.dataPrediction(x: x, noise: epsilon, m: m, s: s) - x0) <= 1e-13 * (abs(x0) + s * abs(epsilon) / m))
            // The score of N(m x₀, s²) at x is -ε/s.
            let score = -epsilon / s
            let fromScore = Tweedie.dataPrediction(x: x, score: score, m: m, sSquared: s * s)
            #expect(fromScore.bitPattern == ((x + (s * s) * score) / m).bitPattern)
            #expect(abs(fromScore - x0) <= 1e-13 * (abs(x0) + s * abs(epsilon) / m))
        }
    }

    @Test("the Philox fill is normalPair slot by slot, the odd tail dropped")
    func philoxFill() {
        for d in 1...5 {
            var z = [Double](repeating: .nan, count: d)
            z.withUnsafeMutableBufferPointer { Philox.fillNormals($0, seed: 5, stream: 9, step: 3) }
            for j in 0..<d {
                let (a, b) = Philox.normalPair(seed: 5, stream: 9, step: 3, slot: UInt32(j / 2))
                #expect(z[j].bitPattern == (j % 2 == 0 ? a : b).bitPattern)
            }
        }
    }

    @Test("the work split covers 0..<count exactly once, in order, for many (count, threads) pairs, and every chunk runs once")
    func workSplit() throws {
        for count in [0, 1, 2, 7, 15, 16, 17, 63, 64, 65, 100, 1000, 4097, 100_003] {
            for threads in [1, 2, 3, 4, 7, 16] {
                for split in [
                    WorkSplit(count: count, threads: threads, chunksPerThread: 8, smallest: 16, largest: 4096),
                    WorkSplit(count: count, threads: threads, chunksPerThread: 4, smallest: 64),
                    WorkSplit(count: count, chunkSize: 1),
                    WorkSplit(count: count, chunkSize: 5),
                ] {
                    // The chunks, in order, are 0..<count with no gap and no overlap.
                    var end = 0
                    for i in 0..<split.chunkCount {
                        let chunk = split.chunk(i)
                        #expect(chunk.lowerBound == end && !chunk.isEmpty && chunk.count <= split.chunkSize)
                        end = chunk.upperBound
                    }
                    #expect(end == count)
                    // Run in parallel: each item is visited exactly once.
                    let visits = Locked([Int](repeating: 0, count: count))
                    try split.forEachChunk(threads: threads) { chunk in visits.withLock { for i in chunk { $0[i] += 1 } } }
                    #expect(visits.withLock { $0.allSatisfy { $0 == 1 } }, "count \(count), threads \(threads), chunk \(split.chunkSize)")
                }
            }
        }
        // The sampler's and PosteriorDeficit's sizes.
        #expect(WorkSplit(count: 100_000, threads: 2, chunksPerThread: 8, smallest: 16, largest: 4096).chunkSize == 4096)
        #expect(WorkSplit(count: 1000, threads: 2, chunksPerThread: 8, smallest: 16, largest: 4096).chunkSize == 63)
        #expect(WorkSplit(count: 100, threads: 2, chunksPerThread: 8, smallest: 16, largest: 4096).chunkSize == 16)
        #expect(WorkSplit(count: 20_000, threads: 2, chunksPerThread: 4, smallest: 64).chunkSize == 2500)
    }

    @Test("degenerate arguments give a split that still covers 0..<max(count, 0) once (no trap)")
    func workSplitDegenerate() {
        for split in [WorkSplit(count: -5, chunkSize: 0), WorkSplit(count: 10, chunkSize: -3),
                      WorkSplit(count: 10, threads: 0, chunksPerThread: 0, smallest: 0),
                      WorkSplit(count: 10, threads: .max, chunksPerThread: .max, smallest: 1)] {
            #expect(split.chunkSize >= 1 && split.count >= 0)
            #expect((0..<split.chunkCount).map { split.chunk($0).count }.reduce(0, +) == split.count)
        }
    }

    @Test("a chunk that throws does not stop the others, and its error comes back")
    func workSplitRethrows() {
        struct Failure: Error {}
        let visits = Locked(0)
        #expect(throws: Failure.self) {
            try WorkSplit(count: 10, chunkSize: 1).forEachChunk(threads: 3) { chunk in
                visits.withLock { $0 += 1 }
                if chunk.lowerBound == 4 { throw Failure() }
            }
        }
        #expect(visits.withLock { $0 } == 10)
    }

    @Test("the operation counts are those guidance bench printed by hand before (gauss-d2: 16 exp + 346 flops per Heun step)")
    func operationCounts() {
        typealias Count = NoisedMixture.OperationCount
        // bench's gauss-d2 and gauss-d16: 8 components in 2 classes.
        #expect(Count.heunStep(components: 8, classes: 2, dimension: 2) == Count(exps: 16, flops: 346))
        #expect(Count.heunStep(components: 8, classes: 2, dimension: 16) == Count(exps: 16, flops: 2096))
        #expect(Count.isotropic(components: 8, classes: 2, dimension: 2) == Count(exps: 8, flops: 162))
        // The hand count it replaces: 2(K(6d + 5) + C(3d + 4) + 6d) + 5d flops and 2K exps per Heun step.
        for k in 1...9 {
            for c in 1...4 {
                for d in 1...40 {
                    #expect(Count.heunStep(components: k, classes: c, dimension: d) == Count(exps: 2 * k, flops: 2 * (k * (6 * d + 5) + c * (3 * d + 4) + 6 * d) + 5 * d))
                }
            }
        }
    }
}
