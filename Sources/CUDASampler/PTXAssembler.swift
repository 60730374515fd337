import Foundation

/// ptxas, NVIDIA's PTX assembler, run as a process to learn what a kernel costs on a real
/// architecture: registers per thread, spill bytes, shared and constant memory (`ptxas -v`).
///
/// Found in this order: `GUIDANCE_PTXAS` (a path; when set, the only place tried), the
/// `nvidia-cuda-nvcc-cu12` wheel's `nvidia/cuda_nvcc/bin/ptxas` under `.venv-cuda` and then
/// `$VIRTUAL_ENV` (as for NVRTC, `NVRTCLocation`), then `ptxas` on `PATH`. Needs no GPU.
public struct PTXAssembler: Sendable {
    public let path: String
    public let origin: String

    public static let variable = "GUIDANCE_PTXAS"

    /// The first ptxas that exists and is executable; `ptxasUnavailable` with every place tried.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment, root: String = FileManager.default.currentDirectoryPath
    ) throws(CUDAError) -> PTXAssembler {
        var tried: [String] = []
        for (path, origin) in searchOrder(environment: environment, root: root) {
            if FileManager.default.isExecutableFile(atPath: path) { return PTXAssembler(path: path, origin: origin) }
            tried.append("\(path) (\(origin)): not an executable file")
            if origin == variable { break }
        }
        throw .ptxasUnavailable(tried: tried)
    }

    static func searchOrder(environment: [String: String], root: String) -> [(String, String)] {
        if let explicit = environment[variable], !explicit.isEmpty { return [(explicit, variable)] }
        var places = NVRTCLocation.wheelFiles("nvidia/cuda_nvcc/bin/ptxas", environment: environment, root: root)
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            places.append(("\(directory)/ptxas", "PATH"))
        }
        return places.map { ($0.path, $0.origin) }
    }

    /// Assembles `ptx` for `sm_<architecture>` with `-v` and returns each entry's resources.
    /// A failed assembly throws `ptxasFailed` with ptxas's output.
    public func assemble(ptx: String, architecture: String) throws(CUDAError) -> [KernelResources] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-ptxas-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .ptxasFailed(path: path, status: -1, output: "cannot create \(directory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("kernel.ptx"), output = directory.appendingPathComponent("kernel.cubin")
        let log = directory.appendingPathComponent("log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-arch=sm_\(architecture)", "-v", "-o", output.path, input.path]
        do {
            try Data(ptx.utf8).write(to: input)
            try Data().write(to: log)
            let handle = try FileHandle(forWritingTo: log)
            defer { try? handle.close() }
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw .ptxasFailed(path: path, status: -1, output: "could not run: \(error.localizedDescription)")
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else { throw .ptxasFailed(path: path, status: process.terminationStatus, output: text) }
        let resources = KernelResources.parse(ptxasOutput: text)
        guard !resources.isEmpty else { throw .ptxasFailed(path: path, status: 0, output: "no entry function in the output:\n" + text) }
        return resources
    }
}
