import CUDASampler
import Foundation
import Testing

/// NVRTC and ptxas as the tests find them: the repository's `.venv-cuda` (what `.ci/run`
/// installs), `GUIDANCE_NVRTC`/`GUIDANCE_PTXAS`, or the system's.
///
/// Where they are missing the tests that need them are skipped with the reason, unless
/// `GUIDANCE_REQUIRE_NVRTC=1` (CI), when they run and fail.
enum Toolchain {
    /// The repository root (two levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let required = ProcessInfo.processInfo.environment["GUIDANCE_REQUIRE_NVRTC"] == "1"

    static let nvrtc: Result<NVRTC, CUDAError> = Result { () throws(CUDAError) in try NVRTC.load(root: root) }
    static let ptxas: Result<PTXAssembler, CUDAError> = Result { () throws(CUDAError) in try PTXAssembler.locate(root: root) }

    /// Whether the NVRTC tests run: NVRTC and ptxas found, or required.
    static var enabled: Bool { required || ((try? nvrtc.get()) != nil && (try? ptxas.get()) != nil) }

    /// Why they are skipped.
    static var skipReason: Comment {
        let problems = [nvrtc.failure, ptxas.failure].compactMap { $0?.description }
        return Comment(rawValue: "skipped (set GUIDANCE_REQUIRE_NVRTC=1 to fail instead): " + problems.joined(separator: "; "))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
