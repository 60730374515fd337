import Diffusion

/// Where a guided sampler runs: the same problem and settings give a `SampleBatch` either way.
///
/// The CPU backend is `Sampler.run` (every sampler, paths and the mean path). The CUDA backend
/// (`CUDABackend`) runs the fused kernels of `Kernels/` on an NVIDIA card: the samplers
/// ode-euler, ode-heun, sde-em, ddpm and ddim on Gaussian mixtures (isotropic, diagonal or full
/// covariances) and unions of uniform boxes; final positions come back, the mean path on
/// request, recorded paths never.
public protocol SamplerBackend: Sendable {
    /// `cpu` or `cuda`, as `--backend` names it.
    var name: String { get }
    func run(_ problem: GuidedProblem, _ settings: SamplerSettings) throws -> SampleBatch
}

/// `Sampler.run` behind the backend interface.
public struct CPUBackend: SamplerBackend {
    public init() {}
    public var name: String { "cpu" }
    public func run(_ problem: GuidedProblem, _ settings: SamplerSettings) throws -> SampleBatch {
        try Sampler.run(problem, settings)
    }
}

/// `--backend`'s choices.
public enum BackendChoice: String, Sendable, CaseIterable {
    case cpu, cuda, auto

    /// Runs the sampler on this choice's backend and says which ran.
    ///
    /// `cpu`: `Sampler.run`. `cuda`: the CUDA backend; where it cannot start (no driver, no
    /// device, no NVRTC) its typed `CUDAError` is thrown, and a problem the kernels do not cover
    /// is the `ModelError` of `KernelTables`. `auto`: the CUDA backend where it starts and covers
    /// the problem, otherwise the CPU, after handing `notice` exactly one line saying why.
    public func run(
        _ problem: GuidedProblem, _ settings: SamplerSettings, precision: KernelTables.Precision, notice: (String) -> Void
    ) throws -> (batch: SampleBatch, backend: String) {
        let cpu = CPUBackend()
        switch self {
        case .cpu:
            return (try cpu.run(problem, settings), cpu.name)
        case .cuda:
            let cuda = try CUDABackend(precision: precision)
            return (try cuda.run(problem, settings), cuda.name)
        case .auto:
            let cuda: CUDABackend
            do {
                cuda = try CUDABackend(precision: precision)
            } catch {
                notice("guidance: CUDA backend unavailable, running on the CPU (\(error))")
                return (try cpu.run(problem, settings), cpu.name)
            }
            do {
                _ = try KernelTables(problem: problem, settings: settings)
            } catch let error as ModelError where error.field == "sampler" || error.field.hasPrefix("classes") {
                notice("guidance: the CUDA kernels do not cover this run, running on the CPU (\(error.field): \(error.allowed))")
                return (try cpu.run(problem, settings), cpu.name)
            }
            return (try cuda.run(problem, settings), cuda.name)
        }
    }
}
