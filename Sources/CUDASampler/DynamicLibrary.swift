#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A shared library opened with `dlopen` at run time, closed when the last reference goes.
///
/// CUDA's driver and NVRTC are never linked: the build needs no CUDA, and a machine without them
/// gets a typed error from `open` instead of a loader failure at start.
final class DynamicLibrary: @unchecked Sendable {
    let path: String
    private let handle: UnsafeMutableRawPointer

    /// Opens `path` (a file path, or a bare name the system loader searches) with `RTLD_NOW`.
    /// Throws `dlerror()`'s text as the reason.
    init(_ path: String) throws(LoadFailure) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw LoadFailure(reason: Self.lastError() ?? "dlopen failed")
        }
        self.path = path
        self.handle = handle
    }

    deinit { dlclose(handle) }

    /// The symbol `name` as a C function of type `T` (an `@convention(c)` function type).
    func function<T>(_ name: String, as type: T.Type = T.self) throws(LoadFailure) -> T {
        _ = dlerror()
        guard let symbol = dlsym(handle, name) else {
            throw LoadFailure(reason: "\(path) has no symbol \(name)")
        }
        return unsafeBitCast(symbol, to: T.self)
    }

    /// Why `dlopen` or `dlsym` failed.
    struct LoadFailure: Error {
        var reason: String
    }

    private static func lastError() -> String? {
        guard let text = dlerror() else { return nil }
        return String(cString: text)
    }
}
