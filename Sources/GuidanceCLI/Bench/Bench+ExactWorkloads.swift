import ArgumentParser
import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

extension Bench {
    func runFlowMap(runner: PeerRunner) throws -> WorkloadResult {
        let model = try BenchModels.oneDimensional()
        let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
        let flow = try FlowMap1D(problem: problem, tolerance: BenchModels.flowTolerance)
        let levels = (0..<quantiles).map { (Double($0) + 0.5) / Double(quantiles) }
        benchProgress("flowmap: \(quantiles) quantiles of FlowMap1D at tolerance \(BenchModels.flowTolerance), \(threads) threads")
        let clock = ContinuousClock(), start = clock.now, cpu = ResourceUsage.cpuSeconds()
        let values = try parallelMap(levels.count) { try flow.quantile(levels[$0]) }
        let seconds = (clock.now - start).seconds
        var result = WorkloadResult(
            workload: "flowmap", unit: "quantiles/s", work: Double(quantiles), seconds: seconds, cpuSeconds: ResourceUsage.cpuSeconds() - cpu,
            peakMemoryMiB: ResourceUsage.peakMemoryMiB())
        benchProgress("flowmap: \(rateText(result.rate)) quantiles/s")
        let picked = evenlySpread(peerQuantiles, over: quantiles)
        result.peers = runner.runFlowMap(
            model: model, levels: picked.map { levels[$0] }, expected: picked.map { values[$0] }, sigma: flow.startStandardDeviation,
            horizon: flow.horizon, end: flow.end)
        return result
    }

    func runQuadrature(runner: PeerRunner) throws -> WorkloadResult {
        let model = try BenchModels.beta()
        let points = BenchModels.quadraturePoints(evaluations)
        let noised = try BenchModels.quadratureTimes.map { try model.mixture.noised(at: $0, schedule: .ou) }
        benchProgress("quadrature: \(evaluations) noised scores of a Beta(2, 5) density (QAGS at 1e-10), \(threads) threads")
        let clock = ContinuousClock(), start = clock.now, cpu = ResourceUsage.cpuSeconds()
        let scores = try parallelMap(points.count) { i in
            let level = noised[points[i].time]
            var scratch = level.makeScratch()
            let x = [points[i].x]
            var g = [0.0]
            _ = try x.withUnsafeBufferPointer { xp in
                try g.withUnsafeMutableBufferPointer { try level.marginalScore(xp, into: $0, scratch: &scratch) }
            }
            return g[0]
        }
        let seconds = (clock.now - start).seconds
        var result = WorkloadResult(
            workload: "quadrature", unit: "evaluations/s", work: Double(evaluations), seconds: seconds, cpuSeconds: ResourceUsage.cpuSeconds() - cpu,
            peakMemoryMiB: ResourceUsage.peakMemoryMiB())
        benchProgress("quadrature: \(rateText(result.rate)) evaluations/s")
        let picked = evenlySpread(peerEvaluations, over: evaluations)
        result.peers = runner.runQuadrature(
            model: model, points: picked.map { points[$0] }, expected: picked.map { scores[$0] },
            levels: noised.map { ($0.m, $0.s) })
        return result
    }

    /// `body(i)` for `i` in `0..<count` on `threads` workers, in index order in the result.
    func parallelMap(_ count: Int, _ body: @Sendable (Int) throws -> Double) throws -> [Double] {
        var out = [Double](repeating: .nan, count: count)
        try out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            try WorkSplit(count: count, chunkSize: 1).forEachChunk(threads: threads) { chunk in
                for i in chunk { buffer[i] = try body(i) }
            }
        }
        return out
    }
}
