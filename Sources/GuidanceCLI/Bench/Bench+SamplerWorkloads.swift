import ArgumentParser
import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

extension Bench {
    func runSampler(_ workload: BenchWorkload, model: BenchModel, runner: PeerRunner) throws -> WorkloadResult {
        let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
        var settings = SamplerSettings(kind: .odeHeun, steps: steps, particles: particles, seed: BenchModels.seed)
        settings.threads = threads
        benchProgress("\(workload.rawValue): Sampler.run, \(particles) particles × \(steps) steps, \(threads) threads")
        let clock = ContinuousClock(), start = clock.now, cpu = ResourceUsage.cpuSeconds()
        let batch = try Sampler.run(problem, settings)
        let seconds = (clock.now - start).seconds
        var result = WorkloadResult(
            workload: workload.rawValue, unit: "particle-steps/s", work: Double(particles) * Double(steps), seconds: seconds,
            cpuSeconds: ResourceUsage.cpuSeconds() - cpu, peakMemoryMiB: ResourceUsage.peakMemoryMiB(),
            stateMiB: Double(particles * model.mixture.dimension * 8) / 1_048_576)
        benchProgress("\(workload.rawValue): \(rateText(result.rate)) particle-steps/s")
        result.peers = runner.runSampler(
            workload.rawValue, model: model, problem: problem, batch: batch, particles: peerParticles ?? min(10_000, particles), steps: steps)
        return result
    }

    /// Time against particles (d = 2, 8 components), components (d = 2) and dimension (8
    /// components), each at `min(steps, 20)` Heun steps: every row should cost the same per unit.
    func scalingTable() throws -> [ScalingRow] {
        let scalingSteps = min(steps, 20)
        var rows: [ScalingRow] = []
        func row(_ axis: String, _ value: Int, particles n: Int, model: BenchModel, units: Double) throws {
            let problem = try GuidedProblem(mixture: model.mixture, schedule: .ou, classIndex: 0, w: BenchModels.w)
            var settings = SamplerSettings(kind: .odeHeun, steps: scalingSteps, particles: n, seed: BenchModels.seed)
            settings.threads = threads
            benchProgress("scaling: \(axis) = \(value)")
            let clock = ContinuousClock(), start = clock.now
            _ = try Sampler.run(problem, settings)
            let seconds = (clock.now - start).seconds
            let work = Double(n) * Double(scalingSteps)
            rows.append(ScalingRow(
                axis: axis, value: value, particles: n, steps: scalingSteps, seconds: seconds,
                nanosecondsPerParticleStep: 1e9 * seconds / work, nanosecondsPerUnit: 1e9 * seconds / (work * units),
                peakMemoryMiB: ResourceUsage.peakMemoryMiB()))
        }
        var n = 10_000
        while n <= scalingMaxParticles {
            try row("particles", n, particles: n, model: try BenchModels.gaussian(dimension: 2, componentsPerClass: 4), units: 1)
            n *= 10
        }
        for k in [2, 4, 8, 16, 32, 64] {
            try row("components", k, particles: 100_000, model: try BenchModels.gaussian(dimension: 2, componentsPerClass: k / 2), units: Double(k))
        }
        for d in [1, 2, 4, 8, 16, 32, 64] {
            try row("dimension", d, particles: 100_000, model: try BenchModels.gaussian(dimension: d, componentsPerClass: 4), units: Double(d))
        }
        return rows
    }
}
