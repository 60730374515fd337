import Diffusion
import KernelHost
import Testing

/// `gl_host_launch` refuses what it cannot run with a status, and runs nothing then.
struct HostLaunchTests {
    @Test("an unknown kernel, a dimension the host build lacks and an empty grid are refused with their statuses")
    func refusals() throws {
        #expect(gl_host_supports_dimension(16) == 1 && gl_host_supports_dimension(5) == 0)
        let setting = KernelModels.Case(kind: .odeEuler, dimension: 2, w: 1, variancePreserving: false, steps: 3)
        let tables = try KernelTables(problem: try setting.problem(), settings: setting.settings(particles: 4))
        let launch = HostLaunch(tables, .f64, count: 4)
        #expect(gl_host_launch("gl_sample_ode_rk4_isotropic_f64", &launch.params, 1, 1) == GL_HOST_UNKNOWN_KERNEL)
        #expect(gl_host_launch(tables.kernelName(.f64), &launch.params, 0, 4) == GL_HOST_BAD_GRID)
        launch.params.dimension = 5
        #expect(gl_host_launch(tables.kernelName(.f64), &launch.params, 1, 4) == GL_HOST_UNSUPPORTED_DIMENSION)
        launch.params.dimension = 2
        #expect(launch.outputs().positions.allSatisfy { $0 == 0 }, "nothing ran")
        #expect(gl_host_launch(tables.kernelName(.f64), &launch.params, 1, 4) == GL_HOST_OK)
        #expect(launch.outputs().positions.allSatisfy { $0 != 0 && $0.isFinite })
    }
}
