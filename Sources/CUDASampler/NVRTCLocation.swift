import Foundation

/// Where NVRTC (`libnvrtc.so*`) is looked for, first match wins:
///
/// 1. `GUIDANCE_NVRTC`: a path to a `libnvrtc.so*` file. When set, it is the only place tried,
///    so that a wrong path is an error (`CUDAError.notNVRTC`) instead of a silent fallback.
/// 2. The `nvidia-cuda-nvrtc-cu12` wheel: `nvidia/cuda_nvrtc/lib/libnvrtc.so.12` under
///    `lib/python3*/site-packages` of the repository's `.venv-cuda` (what `.ci/run` installs),
///    then of `$VIRTUAL_ENV`.
/// 3. `$CUDA_HOME/lib64/libnvrtc.so` (and `.so.13`, `.so.12`).
/// 4. The system loader's search path: `libnvrtc.so`, `libnvrtc.so.13`, `libnvrtc.so.12`.
///
/// The same order (with `GUIDANCE_PTXAS` and `nvidia/cuda_nvcc/bin/ptxas`) finds ptxas
/// (`PTXAssembler.searchOrder`).
public enum NVRTCLocation {
    /// One place to try: a path (or a bare name for the loader) and where the place came from.
    public struct Candidate: Sendable, Equatable {
        public var path: String
        public var origin: String
        /// Whether a failure here ends the search (the environment variable).
        public var isExplicit: Bool
    }

    /// The variable naming NVRTC.
    public static let variable = "GUIDANCE_NVRTC"

    /// The places, in order, for `environment` (default: the process's) and the repository root
    /// `root` (default: the current directory).
    public static func searchOrder(
        environment: [String: String] = ProcessInfo.processInfo.environment, root: String = FileManager.default.currentDirectoryPath
    ) -> [Candidate] {
        if let explicit = environment[variable], !explicit.isEmpty {
            return [Candidate(path: explicit, origin: variable, isExplicit: true)]
        }
        var places = wheelFiles("nvidia/cuda_nvrtc/lib/libnvrtc.so.12", environment: environment, root: root)
            .map { Candidate(path: $0.path, origin: $0.origin, isExplicit: false) }
        if let cuda = environment["CUDA_HOME"], !cuda.isEmpty {
            for name in libraryNames { places.append(Candidate(path: "\(cuda)/lib64/\(name)", origin: "CUDA_HOME", isExplicit: false)) }
        }
        for name in libraryNames { places.append(Candidate(path: name, origin: "system loader", isExplicit: false)) }
        return places
    }

    static let libraryNames = ["libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12"]

    /// `relative` under each `lib/python3*/site-packages` of `root/.venv-cuda`, then of
    /// `$VIRTUAL_ENV`, that exists.
    static func wheelFiles(_ relative: String, environment: [String: String], root: String) -> [(path: String, origin: String)] {
        var venvs = [(root + "/.venv-cuda", ".venv-cuda")]
        if let virtual = environment["VIRTUAL_ENV"], !virtual.isEmpty { venvs.append((virtual, "VIRTUAL_ENV")) }
        var found: [(String, String)] = []
        for (venv, origin) in venvs {
            let lib = venv + "/lib"
            let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python3") }.sorted()
            for python in pythons {
                let path = "\(lib)/\(python)/site-packages/\(relative)"
                if FileManager.default.fileExists(atPath: path) { found.append((path, origin)) }
            }
        }
        return found
    }
}
