import ArgumentParser
import CUDASampler
import Diffusion
import Foundation

/// `guidance gpu selftest`: the kernels on the card against the CPU sampler on the same seeds.
///
/// CI checks on every run that the same kernel source compiled for the host (KernelHost) gives
/// `Sampler.run`'s particles within 1e-12 (float64) and 5e-5 (float32); this runs the kernels
/// NVRTC compiled for the card on the same problems and seeds and reports the largest difference
/// from `Sampler.run`, relative to `max(1, |x|)`, for every sampler, covariance family and
/// precision. Bounds: 1e-9 in float64 (the card contracts multiply-adds and has its own exp and
/// log, each within a few ulp, so the host's 1e-12 does not carry over exactly) and 1e-3 in
/// float32. Exits 1 when a case exceeds its bound or fails to run.
struct GPUSelfTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selftest",
        abstract: "Run every sampler kernel on the card and compare with the CPU sampler on the same seeds.",
        discussion: """
            Cases: ode-euler, ode-heun, sde-em, ddpm, ddim × isotropic, diagonal and full \
            covariance (2 classes × 3 Gaussians) × f64, f32, at d = 2 and 16; --particles \
            particles × --steps steps on the VP-linear process, w = 3. Needs an NVIDIA card.
            """)

    @Option(help: "Particles per case.")
    var particles = 4096

    @Option(help: "Steps per case.")
    var steps = 40

    func validate() throws {
        guard (1...1_000_000).contains(particles) else { throw ValidationError("--particles \(particles): give 1 to 1000000.") }
        guard (1...10_000).contains(steps) else { throw ValidationError("--steps \(steps): give 1 to 10000.") }
    }

    func run() throws {
        let backends = [KernelTables.Precision.f64: try CUDABackend(precision: .f64), .f32: try CUDABackend(precision: .f32)]
        print("guidance gpu selftest  \(backends[.f64]!.context.info.name): \(particles) particles × \(steps) steps per case, VP-linear, w = 3")
        var failed = 0, cases = 0
        for d in [2, 16] {
            for covariance in SelfTestCovariance.allCases {
                let problem = try GuidedProblem(mixture: covariance.mixture(dimension: d), schedule: .ddpmLinear, classIndex: 0, w: 3)
                for kind in [SamplerKind.odeEuler, .odeHeun, .sdeEulerMaruyama, .ddpm, .ddim] {
                    var settings = SamplerSettings(kind: kind, steps: steps, particles: particles, seed: 0x5E1F_7E57)
                    if kind == .ddim { settings.eta = 0.5 }
                    let cpu = try Sampler.run(problem, settings).positions
                    for precision in [KernelTables.Precision.f64, .f32] {
                        cases += 1
                        let label = "d=\(d) \(covariance.rawValue) \(kind.rawValue) \(precision.rawValue)"
                        let bound = precision == .f64 ? 1e-9 : 1e-3
                        do {
                            let card = try backends[precision]!.run(problem, settings).positions
                            let difference = zip(card, cpu).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
                            let ok = difference <= bound
                            if !ok { failed += 1 }
                            print("\(ok ? "ok  " : "FAIL") \(label): max relative difference \(String(format: "%.2e", difference)) (bound \(bound))")
                        } catch {
                            failed += 1
                            print("FAIL \(label): \(error)")
                        }
                    }
                }
            }
        }
        print("\(cases - failed) of \(cases) cases within their bounds")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// The covariance families the self-test covers, each a 2-class mixture of 3 Gaussians.
enum SelfTestCovariance: String, CaseIterable {
    case isotropic, diagonal, full

    /// Component k of class c: mean `(2c - 1) + 0.4 sin(k + i)` in coordinate i; covariance
    /// `0.3 I` (isotropic), `diag(0.2 + 0.05 i)` (diagonal) or that diagonal plus 0.04 off the
    /// diagonal (full; positive definite: diagonally dominant).
    func mixture(dimension d: Int) throws -> Mixture {
        let spec = MixtureSpec(process: .init(kind: "vp-linear"), classes: (0..<2).map { c in
            MixtureSpec.ClassSpec(weight: Double(c + 1), components: (0..<3).map { k in
                let mean = (0..<d).map { i in Double(2 * c - 1) + 0.4 * sin(Double(k + i)) }
                let cov = (0..<d).map { i in
                    (0..<d).map { j -> Double in
                        switch self {
                        case .isotropic: return i == j ? 0.3 : 0
                        case .diagonal: return i == j ? 0.2 + 0.05 * Double(i) : 0
                        case .full: return i == j ? 0.2 + 0.05 * Double(i) + 0.04 * Double(d) : 0.04
                        }
                    }
                }
                return .gaussian(weight: Double(1 + k), mean: mean, cov: cov)
            })
        })
        return try spec.build().mixture
    }
}
