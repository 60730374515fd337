import ArgumentParser
import CUDASampler
import Diffusion
import Foundation

/// `guidance gpu`: what the CUDA backend finds on this machine, and the kernels as NVRTC and
/// ptxas see them. Nothing here needs a GPU except the device list of `gpu info`.
struct GPU: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu",
        abstract: "Report the CUDA driver, devices, NVRTC and ptxas found, and compile the sampler kernels.",
        discussion: """
            The CUDA backend (guidance sample --backend cuda) loads the driver (libcuda.so.1) and \
            NVRTC at run time; no CUDA is needed to build. NVRTC is searched in this order: \
            GUIDANCE_NVRTC (a path to libnvrtc.so*; when set, the only place tried), the \
            nvidia-cuda-nvrtc-cu12 wheel under ./.venv-cuda then $VIRTUAL_ENV \
            (lib/python3*/site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12), $CUDA_HOME/lib64, \
            then the system loader (libnvrtc.so, .so.13, .so.12). ptxas: GUIDANCE_PTXAS, the \
            nvidia-cuda-nvcc-cu12 wheel (nvidia/cuda_nvcc/bin/ptxas), then PATH. \
            `pip install nvidia-cuda-nvrtc-cu12 nvidia-cuda-nvcc-cu12` into .venv-cuda gives both \
            on a machine without a GPU.
            """,
        subcommands: [GPUInfo.self, GPUKernels.self, GPUBench.self, GPUSelfTest.self])
}

/// `guidance gpu info`: one JSON object saying what was found, where, and why not.
struct GPUInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print (JSON) whether the CUDA driver, NVRTC and ptxas were found, where, and the devices.",
        discussion: """
            Keys: driver (found, path, devices: name, compute_capability, multiprocessors, \
            clock_mhz, memory_gib; or error), nvrtc (found, path, origin, version; or error), \
            ptxas (found, path, origin; or error). Exits 0 whatever is missing: a missing piece is \
            reported, not an error.
            """)

    func run() throws {
        try JSONOutput.print(Report())
    }

    struct Report: Encodable {
        var driver = Driver()
        var nvrtc = Tool(nvrtc: ())
        var ptxas = Tool(ptxas: ())
    }

    struct Driver: Encodable {
        var found = false
        var path = CUDADriver.libraryName
        var devices: [Device] = []
        var error: String?

        init() {
            do {
                let driver = try CUDADriver()
                found = true
                devices = try driver.devices().map(Device.init)
            } catch {
                self.error = error.description
            }
        }
    }

    struct Device: Encodable {
        var ordinal: Int32
        var name: String
        var computeCapability: String
        var multiprocessors: Int32
        var clockMHz: Double
        var memoryGiB: Double

        init(_ info: CUDADeviceInfo) {
            (ordinal, name, multiprocessors) = (info.ordinal, info.name, info.multiprocessors)
            computeCapability = "\(info.computeCapability.major).\(info.computeCapability.minor)"
            clockMHz = Double(info.clockKHz) / 1000
            memoryGiB = Double(info.totalMemoryBytes) / Double(1 << 30)
        }

        enum CodingKeys: String, CodingKey {
            case ordinal, name, multiprocessors
            case computeCapability = "compute_capability"
            case clockMHz = "clock_mhz"
            case memoryGiB = "memory_gib"
        }
    }

    struct Tool: Encodable {
        var found = false
        var path: String?
        var origin: String?
        var version: String?
        var error: String?

        init(nvrtc: Void) {
            do {
                let nvrtc = try NVRTC.load()
                let version = try nvrtc.version()
                (found, path, origin, self.version) = (true, nvrtc.path, nvrtc.origin, "\(version.major).\(version.minor)")
            } catch {
                self.error = error.description
            }
        }

        init(ptxas: Void) {
            do {
                let ptxas = try PTXAssembler.locate()
                (found, path, origin) = (true, ptxas.path, ptxas.origin)
            } catch {
                self.error = error.description
            }
        }
    }
}

extension BackendChoice: ExpressibleByArgument {}
extension KernelTables.Precision: ExpressibleByArgument {}
