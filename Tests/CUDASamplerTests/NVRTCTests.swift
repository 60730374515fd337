import CUDASampler
import Foundation
import Testing

/// The loader and compiler on a small kernel: real NVRTC, real ptxas.
@Suite struct NVRTCTests {
    /// A kernel with a header given by name, a compile-time dimension and a loop.
    static let source = KernelSource(
        file: "axpy.cu",
        text: """
            #include "scale.h"
            extern "C" __global__ void axpy(float a, const float *x, float *y, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) { for (int k = 0; k < DIM; ++k) y[i * DIM + k] += scale(a) * x[i * DIM + k]; }
            }
            """,
        headers: ["scale.h": "__device__ inline float scale(float a) { return 2.0f * a; }\n#define DIM GL_DIM\n"])

    @Test(.enabled(if: Toolchain.enabled, Toolchain.skipReason), arguments: ["80", "90"])
    func compilesAndAssembles(architecture: String) throws {
        let compiler = KernelCompiler(nvrtc: try Toolchain.nvrtc.get())
        let ptx = try compiler.ptx(Self.source, architecture: architecture, dimension: 3)
        #expect(ptx.contains(".target sm_\(architecture)"))
        #expect(ptx.contains(".entry axpy"))
        let resources = try Toolchain.ptxas.get().assemble(ptx: ptx, architecture: "90")
        let axpy = try #require(resources.first { $0.entry == "axpy" })
        #expect(axpy.registers > 0)
        #expect(!axpy.spills)
    }

    @Test(.enabled(if: Toolchain.enabled, Toolchain.skipReason))
    func compileErrorNamesTheFileAndCarriesTheLog() throws {
        let compiler = KernelCompiler(nvrtc: try Toolchain.nvrtc.get())
        let broken = KernelSource(file: "broken.cu", text: "extern \"C\" __global__ void k() { undeclared_thing(); }")
        #expect {
            _ = try compiler.ptx(broken, architecture: "90", dimension: 2)
        } throws: { error in
            guard case .compileFailed(let file, let options, let log) = error as? CUDAError else { return false }
            return file == "broken.cu" && options.contains("-DGL_DIM=2") && log.contains("undeclared_thing")
        }
    }

    @Test(.enabled(if: Toolchain.enabled, Toolchain.skipReason))
    func cacheReturnsTheSamePTXFromDisk() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ptx-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let nvrtc = try Toolchain.nvrtc.get()
        let first = try KernelCompiler(nvrtc: nvrtc, cache: PTXCache(directory: directory)).ptx(Self.source, architecture: "90", dimension: 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1 && files[0].hasSuffix(".ptx"))
        // A fresh cache over the same folder reads the file; another dimension is another key.
        let cache = PTXCache(directory: directory)
        let options = KernelCompiler.options(architecture: "90", dimension: 2)
        let version = try nvrtc.version()
        #expect(cache.ptx(for: PTXCache.key(source: Self.source, options: options, version: "\(version.major).\(version.minor)")) == first)
        let other = try KernelCompiler(nvrtc: nvrtc, cache: cache).ptx(Self.source, architecture: "90", dimension: 5)
        #expect(other != first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 2)
    }

    @Test func architectureOutOfRangeIsATypedError() throws {
        for bad in ["9", "9a", "130", "sm_90", ""] {
            #expect(throws: CUDAError.invalid(field: "arch", value: bad, allowed: "a compute capability as digits, 50 to 120 (e.g. 80, 90)")) {
                try KernelCompiler.validate(architecture: bad)
            }
        }
        try KernelCompiler.validate(architecture: "90")
    }
}
