import Foundation

/// NVRTC, CUDA's run-time compiler, loaded with `dlopen` (`NVRTCLocation.searchOrder`).
///
/// `compile` turns CUDA C++ source (with its headers given by name, so nothing is read from
/// disk) into PTX for a virtual architecture `compute_XY`. NVRTC needs no GPU and no driver.
public final class NVRTC: @unchecked Sendable {
    typealias Version = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Int32
    typealias ErrorString = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias CreateProgram = @convention(c) (
        UnsafeMutablePointer<OpaquePointer?>, UnsafePointer<CChar>, UnsafePointer<CChar>, Int32,
        UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?
    ) -> Int32
    typealias CompileProgram = @convention(c) (OpaquePointer?, Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> Int32
    typealias GetSize = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Int32
    typealias GetText = @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>) -> Int32
    typealias DestroyProgram = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32

    /// The file that was loaded and the place of the search order it came from.
    public let path: String
    public let origin: String
    let library: DynamicLibrary
    let nvrtcVersion: Version
    let nvrtcGetErrorString: ErrorString
    let nvrtcCreateProgram: CreateProgram
    let nvrtcCompileProgram: CompileProgram
    let nvrtcGetProgramLogSize: GetSize
    let nvrtcGetProgramLog: GetText
    let nvrtcGetPTXSize: GetSize
    let nvrtcGetPTX: GetText
    let nvrtcDestroyProgram: DestroyProgram

    /// Loads the first NVRTC of `NVRTCLocation.searchOrder(environment:root:)`. Throws
    /// `notNVRTC` when `GUIDANCE_NVRTC` names a file that is not NVRTC, `nvrtcUnavailable`
    /// (with every place tried) when nothing is found.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment, root: String = FileManager.default.currentDirectoryPath
    ) throws(CUDAError) -> NVRTC {
        var tried: [String] = []
        for candidate in NVRTCLocation.searchOrder(environment: environment, root: root) {
            do {
                return try NVRTC(path: candidate.path, origin: candidate.origin)
            } catch {
                if candidate.isExplicit { throw CUDAError.notNVRTC(path: candidate.path, reason: error.reason) }
                tried.append("\(candidate.path) (\(candidate.origin)): \(error.reason)")
            }
        }
        throw .nvrtcUnavailable(tried: tried)
    }

    init(path: String, origin: String) throws(DynamicLibrary.LoadFailure) {
        if path.contains("/"), !FileManager.default.fileExists(atPath: path) {
            throw DynamicLibrary.LoadFailure(reason: "no such file")
        }
        self.path = path
        self.origin = origin
        library = try DynamicLibrary(path)
        nvrtcVersion = try library.function("nvrtcVersion")
        nvrtcGetErrorString = try library.function("nvrtcGetErrorString")
        nvrtcCreateProgram = try library.function("nvrtcCreateProgram")
        nvrtcCompileProgram = try library.function("nvrtcCompileProgram")
        nvrtcGetProgramLogSize = try library.function("nvrtcGetProgramLogSize")
        nvrtcGetProgramLog = try library.function("nvrtcGetProgramLog")
        nvrtcGetPTXSize = try library.function("nvrtcGetPTXSize")
        nvrtcGetPTX = try library.function("nvrtcGetPTX")
        nvrtcDestroyProgram = try library.function("nvrtcDestroyProgram")
    }

    /// NVRTC's version, e.g. (12, 9).
    public func version() throws(CUDAError) -> (major: Int32, minor: Int32) {
        var major: Int32 = 0, minor: Int32 = 0
        try check("nvrtcVersion", nvrtcVersion(&major, &minor))
        return (major, minor)
    }

    /// Compiles `source` (named `file` in messages and `#line`s) with `headers` (include name →
    /// text) and `options` to PTX. A rejected source throws `compileFailed` with NVRTC's log.
    public func compile(source: String, file: String, headers: [String: String] = [:], options: [String]) throws(CUDAError) -> String {
        let names = headers.keys.sorted()
        var program: OpaquePointer?
        let created = CStrings.with(names.map { headers[$0]! }) { texts in
            CStrings.with(names) { includeNames in
                source.withCString { source in
                    file.withCString { nvrtcCreateProgram(&program, source, $0, Int32(names.count), texts, includeNames) }
                }
            }
        }
        try check("nvrtcCreateProgram", created)
        defer { _ = nvrtcDestroyProgram(&program) }
        let compiled = CStrings.with(options) { nvrtcCompileProgram(program, Int32(options.count), $0) }
        if compiled != 0 {
            let log = (try? text(program, "nvrtcGetProgramLog", nvrtcGetProgramLogSize, nvrtcGetProgramLog)) ?? ""
            throw .compileFailed(file: file, options: options, log: log.isEmpty ? errorString(compiled) : log)
        }
        return try text(program, "nvrtcGetPTX", nvrtcGetPTXSize, nvrtcGetPTX)
    }

    /// A NUL-terminated text of the program (log or PTX) through its size and copy calls.
    private func text(_ program: OpaquePointer?, _ call: String, _ size: GetSize, _ get: GetText) throws(CUDAError) -> String {
        var count = 0
        try check(call + "Size", size(program, &count))
        guard count > 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: count)
        try check(call, get(program, &buffer))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func errorString(_ code: Int32) -> String {
        nvrtcGetErrorString(code).map { String(cString: $0) } ?? "NVRTC error \(code)"
    }

    private func check(_ call: String, _ code: Int32) throws(CUDAError) {
        guard code != 0 else { return }
        throw .nvrtcCall(call: call, code: code, message: errorString(code))
    }
}

/// C string arrays for the duration of a call.
enum CStrings {
    static func with<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer<CChar>($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
