import CUDASampler
import Diffusion
import Foundation
import Testing

/// The one sampler interface: CPU and CUDA behind `BackendChoice`.
@Suite struct BackendTests {
    static let hasDriver = (try? CUDADriver()) != nil

    /// Two classes of isotropic Gaussians in d = 2 (what the kernels cover), OU, w = 2.
    static func problem() throws -> (GuidedProblem, SamplerSettings) {
        let mixture = try Mixture(classes: [
            MixtureClass(weight: 0.5, components: [(1, try GaussianComponent(mean: [-1, 0.5], variance: 0.3)), (2, try GaussianComponent(mean: [0, 1], variance: 0.2))]),
            MixtureClass(weight: 0.5, components: [(1, try GaussianComponent(mean: [1.5, -1], variance: 0.5))]),
        ])
        let problem = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 2)
        return (problem, SamplerSettings(kind: .odeHeun, steps: 20, particles: 64, seed: 5))
    }

    @Test(.enabled(if: !hasDriver, "this machine has an NVIDIA driver"))
    func cudaWithoutADriverIsTheTypedError() throws {
        let (problem, settings) = try Self.problem()
        #expect {
            _ = try BackendChoice.cuda.run(problem, settings, precision: .f64) { Issue.record("no notice expected: \($0)") }
        } throws: { error in
            guard case .driverUnavailable = error as? CUDAError else { return false }
            return true
        }
    }

    @Test(.enabled(if: !hasDriver, "this machine has an NVIDIA driver"))
    func autoFallsBackWithOneNoticeAndTheCPUNumbers() throws {
        let (problem, settings) = try Self.problem()
        var notices: [String] = []
        let (batch, backend) = try BackendChoice.auto.run(problem, settings, precision: .f32) { notices.append($0) }
        #expect(backend == "cpu")
        #expect(notices.count == 1 && notices[0].contains("libcuda.so.1"))
        #expect(batch.positions == (try Sampler.run(problem, settings)).positions)
    }

    /// On a machine with a card: the float64 kernels give the CPU's particles up to rounding.
    @Test(.enabled(if: hasDriver && Toolchain.enabled, "needs an NVIDIA driver and NVRTC"))
    func cudaFloat64AgreesWithTheCPU() throws {
        let (problem, settings) = try Self.problem()
        let (batch, backend) = try BackendChoice.cuda.run(problem, settings, precision: .f64) { _ in }
        #expect(backend == "cuda")
        let cpu = try Sampler.run(problem, settings)
        #expect(batch.times == cpu.times)
        for (a, b) in zip(batch.positions, cpu.positions) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
    }

    @Test func chunksHoldHalfTheFreeMemoryAndAtMost2To24Particles() {
        #expect(CUDABackend.chunkSize(particles: 1000, dimension: 2, realBytes: 4, freeBytes: 1 << 30) == 1000)
        #expect(CUDABackend.chunkSize(particles: 100_000_000, dimension: 2, realBytes: 4, freeBytes: 80 << 30) == 1 << 24)
        #expect(CUDABackend.chunkSize(particles: 100_000_000, dimension: 16, realBytes: 8, freeBytes: 1 << 30) == (1 << 29) / 128)
        #expect(CUDABackend.chunkSize(particles: 10, dimension: 2, realBytes: 8, freeBytes: 0) == 1)
    }
}
