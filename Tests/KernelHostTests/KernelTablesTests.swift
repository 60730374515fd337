import Diffusion
import Testing

/// `KernelTables` refuses what the kernels cannot run, with a typed error naming the field.
struct KernelTablesTests {
    static func field(_ build: () throws -> KernelTables) -> String? {
        do {
            _ = try build()
            return nil
        } catch let error as ModelError {
            return error.field
        } catch {
            return "\(error)"
        }
    }

    @Test("a sampler without a kernel, a component neither Gaussian nor a uniform box, Gaussians mixed with boxes, DDPM on a VE process and bad settings are ModelErrors naming the field")
    func refusals() throws {
        let gaussian = try GuidedProblem(mixture: try KernelModels.mixture(dimension: 2, shape: .isotropic), schedule: .ou, classIndex: 0, w: 1)
        let settings = { (kind: SamplerKind) in SamplerSettings(kind: kind, steps: 10, particles: 4, seed: 1) }
        #expect(Self.field { try KernelTables(problem: gaussian, settings: settings(.odeRK4)) } == "sampler")
        let ve = try GuidedProblem(mixture: try KernelModels.mixture(dimension: 2, shape: .isotropic), schedule: .edm, classIndex: 0, w: 1)
        #expect(Self.field { try KernelTables(problem: ve, settings: settings(.ddpm)) } == "sampler")
        #expect(Self.field { try KernelTables(problem: gaussian, settings: settings(.odeHeun)) } == nil)
        var many = settings(.odeHeun)
        many.particles = 1_000_000_000
        #expect(Self.field { try KernelTables(problem: gaussian, settings: many) } == nil, "the CPU's memory cap on particles is not the tables'")
        var noSteps = settings(.odeHeun)
        noSteps.steps = 0
        #expect(Self.field { try KernelTables(problem: gaussian, settings: noSteps) } == "steps")
        let steps = try Mixture(classes: [MixtureClass(weight: 1, components: [(1, try PiecewiseLinearProduct(factors: [.constant(breaks: [0, 1, 2], heights: [1, 3])]))])])
        let stepProblem = try GuidedProblem(mixture: steps, schedule: .ou, classIndex: 0, w: 1)
        #expect(Self.field { try KernelTables(problem: stepProblem, settings: settings(.odeEuler)) } == "classes[0].components[0]")
        let mixed = try Mixture(classes: [
            MixtureClass(weight: 1, components: [(1, try GaussianComponent(mean: [0], variance: 1))]),
            MixtureClass(weight: 1, components: [(1, try PiecewiseLinearProduct.uniformBox(lower: [0], upper: [1]))]),
        ])
        let mixedProblem = try GuidedProblem(mixture: mixed, schedule: .ou, classIndex: 0, w: 1)
        #expect(Self.field { try KernelTables(problem: mixedProblem, settings: settings(.odeEuler)) } == "classes[0].components[0]")
        let full = try Mixture(classes: [MixtureClass(weight: 1, components: [(1, try GaussianComponent(mean: [0, 0], covariance: [1, 0.5, 0.5, 1]))])])
        let fullProblem = try GuidedProblem(mixture: full, schedule: .ou, classIndex: 0, w: 1)
        #expect(try KernelTables(problem: fullProblem, settings: settings(.odeEuler)).family == .full)
    }

    @Test("the tables' shape: steps + 1 time rows from T down to the end, the family's stride, class bounds")
    func shape() throws {
        let problem = try KernelModels.Case(kind: .odeHeun, dimension: 3, w: 3, variancePreserving: false, shape: .diagonal).problem()
        let tables = try KernelTables(problem: problem, settings: SamplerSettings(kind: .odeHeun, steps: 7, particles: 1, seed: 1))
        #expect(tables.family == .diagonal && tables.noisedStride == 4)
        #expect(tables.times.count == 8 * KernelTables.timeStride && tables.noised.count == 8 * 3 * 4)
        #expect(tables.times[0] == NoiseSchedule.ou.defaultHorizon && tables.times[7 * KernelTables.timeStride] == NoiseSchedule.ou.defaultEnd)
        #expect(tables.classBounds == [0, 2, 3] && tables.kernelName(.f32) == "gl_sample_ode_heun_diagonal_f32")
        let full = try KernelModels.Case(kind: .odeEuler, dimension: 3, w: 3, variancePreserving: false, shape: .full).problem()
        let fullTables = try KernelTables(problem: full, settings: SamplerSettings(kind: .odeEuler, steps: 7, particles: 1, seed: 1))
        #expect(fullTables.family == .full && fullTables.noisedStride == 7 && fullTables.noised.count == 8 * 3 * 7)
    }
}
