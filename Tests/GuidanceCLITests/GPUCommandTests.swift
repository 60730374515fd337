import Foundation
import Testing

/// `guidance gpu` and `sample --backend` on a machine with or without a GPU: what is missing is
/// reported, never a crash.
@Suite("guidance gpu and --backend")
struct GPUCommandTests {
    /// Whether this machine has an NVIDIA driver (the GPU machine); the development and CI machines do not.
    static let hasDriver = FileManager.default.fileExists(atPath: "/dev/nvidiactl")
    /// Whether NVRTC and ptxas are where `.ci/run` puts them (or CI requires them).
    static let hasNVRTC =
        ProcessInfo.processInfo.environment["GUIDANCE_REQUIRE_NVRTC"] == "1"
        || FileManager.default.fileExists(atPath: GuidanceBinary.root.appendingPathComponent(".venv-cuda/bin/python").path)

    static let sample = ["sample", "--spec", GuidanceBinary.spec("gaussian-pm1.json"), "--class", "0", "--w", "2", "--steps", "20", "--n", "200", "--seed", "3"]

    @Test func infoReportsWhatWasFound() throws {
        let run = try GuidanceBinary.run(["gpu", "info"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let driver = try #require(json["driver"] as? [String: Any])
        #expect(json["nvrtc"] is [String: Any] && json["ptxas"] is [String: Any])
        if !Self.hasDriver {
            #expect(driver["found"] as? Bool == false)
            #expect((driver["error"] as? String)?.contains("libcuda.so.1") == true)
        }
    }

    @Test func badArchitectureAndDimensionExit64WithOneLine() throws {
        let arch = try GuidanceBinary.run(["gpu", "kernels", "--arch", "9a"])
        #expect(arch.status == 64)
        #expect(arch.errorLines == ["error: arch: 9a — allowed: a compute capability as digits, 50 to 120 (e.g. 80, 90)"])
        let dimension = try GuidanceBinary.run(["gpu", "kernels", "--dimension", "65"])
        #expect(dimension.status == 64)
        #expect(dimension.errorLines == ["error: dimension: 65 — allowed: an integer in 1...64"])
    }

    @Test func aWrongNVRTCPathExits1NamingTheVariable() throws {
        let run = try GuidanceBinary.run(["gpu", "kernels"], environment: ["GUIDANCE_NVRTC": "/nonexistent/libnvrtc.so.12"])
        #expect(run.status == 1)
        #expect(run.errorLines == ["error: GUIDANCE_NVRTC: /nonexistent/libnvrtc.so.12 is not a usable NVRTC library (no such file) — allowed: a path to libnvrtc.so*"])
    }

    @Test(.enabled(if: hasNVRTC, "NVRTC and ptxas not installed in .venv-cuda (.ci/run installs them)"))
    func kernelsPrintsOneRowPerVariantAndWritesThePTX() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gpu-kernels-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try GuidanceBinary.run(["gpu", "kernels", "--arch", "80", "--dimension", "3", "--family", "isotropic", "--family", "diagonal", "--ptx-dir", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("gl_sample_") }
        #expect(rows.count == 20, "5 samplers × 2 families × 2 precisions: \(run.stdout)")
        #expect(run.stdout.contains("model particle-steps/s"))
        let ptx = try String(contentsOfFile: directory + "/guided_sampler_compute80_d3.ptx", encoding: .utf8)
        #expect(ptx.contains(".target sm_80") && ptx.contains(".entry gl_sample_ode_heun_isotropic_f32"))
    }

    @Test(.enabled(if: !hasDriver, "this machine has an NVIDIA driver"))
    func cudaWithoutADriverExits1WithOneLine() throws {
        let run = try GuidanceBinary.run(Self.sample + ["--backend", "cuda"])
        #expect(run.status == 1)
        #expect(run.errorLines.count == 1)
        #expect(run.errorLines.first?.hasPrefix("error: CUDA driver unavailable: libcuda.so.1") == true)
        #expect(run.stdout.isEmpty)
    }

    @Test(.enabled(if: !hasDriver, "this machine has an NVIDIA driver"))
    func autoFallsBackToTheCPUWithExactlyOneLine() throws {
        let auto = try GuidanceBinary.run(Self.sample + ["--backend", "auto"])
        let cpu = try GuidanceBinary.run(Self.sample)
        #expect(auto.status == 0 && cpu.status == 0, "\(auto.stderr)")
        #expect(auto.errorLines.count == 1)
        #expect(auto.errorLines.first?.hasPrefix("guidance: CUDA backend unavailable, running on the CPU") == true)
        var (a, c) = (try auto.json(), try cpu.json())
        (a["wall_seconds"], c["wall_seconds"]) = (nil, nil)
        #expect(NSDictionary(dictionary: a).isEqual(to: c))
        #expect(a["backend"] == nil)
    }
}
