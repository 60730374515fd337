import CUDASampler
import Foundation
import Testing

/// Missing and wrong libraries give typed errors, never a crash.
@Suite struct LoaderErrorTests {
    @Test func missingNVRTCFileIsATypedErrorWithoutFallback() {
        let path = "/nonexistent/libnvrtc.so.12"
        #expect(throws: CUDAError.notNVRTC(path: path, reason: "no such file")) {
            try NVRTC.load(environment: [NVRTCLocation.variable: path], root: Toolchain.root)
        }
    }

    @Test func aFileThatIsNotALibraryIsATypedError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("libnvrtc-\(UUID().uuidString).so").path
        try Data("not an ELF file".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try NVRTC.load(environment: [NVRTCLocation.variable: path], root: Toolchain.root)
        } throws: { error in
            guard case .notNVRTC(let named, let reason) = error as? CUDAError else { return false }
            return named == path && !reason.isEmpty
        }
    }

    /// libm is a real shared library without NVRTC's symbols.
    @Test func aLibraryThatIsNotNVRTCNamesTheMissingSymbol() {
        #expect {
            try NVRTC.load(environment: [NVRTCLocation.variable: "libm.so.6"], root: Toolchain.root)
        } throws: { error in
            guard case .notNVRTC("libm.so.6", let reason) = error as? CUDAError else { return false }
            return reason.contains("nvrtcVersion")
        }
    }

    @Test func searchOrderIsEnvironmentThenWheelThenCUDAHomeThenSystem() {
        let wheel = Toolchain.root + "/.venv-cuda"
        let order = NVRTCLocation.searchOrder(environment: ["CUDA_HOME": "/opt/cuda"], root: Toolchain.root)
        let origins = order.map(\.origin)
        let firstSystem = origins.firstIndex(of: "system loader")!
        #expect(origins.firstIndex(of: "CUDA_HOME")! < firstSystem)
        #expect(order.filter { $0.origin == ".venv-cuda" }.allSatisfy { $0.path.hasPrefix(wheel) })
        if let venv = origins.firstIndex(of: ".venv-cuda") { #expect(venv < origins.firstIndex(of: "CUDA_HOME")!) }
        #expect(order.suffix(3).map(\.path) == ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12"])
        #expect(NVRTCLocation.searchOrder(environment: ["GUIDANCE_NVRTC": "/x/libnvrtc.so"]).map(\.path) == ["/x/libnvrtc.so"])
    }

    @Test func missingPtxasIsATypedError() {
        #expect(throws: CUDAError.ptxasUnavailable(tried: ["/nonexistent/ptxas (GUIDANCE_PTXAS): not an executable file"])) {
            try PTXAssembler.locate(environment: ["GUIDANCE_PTXAS": "/nonexistent/ptxas"], root: Toolchain.root)
        }
    }

    /// This machine has no NVIDIA driver; a wrong path stands in for it where one is installed.
    @Test func missingDriverIsATypedError() {
        let path = FileManager.default.fileExists(atPath: "/dev/nvidiactl") ? "/nonexistent/libcuda.so.1" : CUDADriver.libraryName
        #expect {
            _ = try CUDADriver(path: path)
        } throws: { error in
            guard case .driverUnavailable(let reason) = error as? CUDAError else { return false }
            return reason.contains("libcuda.so.1")
        }
    }
}
