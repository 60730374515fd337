/// Compiles a kernel source for one architecture and dimension with NVRTC, through a PTX cache.
///
/// Options: `--gpu-architecture=compute_<arch>`, `-DGL_DIM=<d>` (the dimension is a
/// compile-time constant, so each particle's coordinates live in registers), `-default-device`
/// (functions without `__device__` compile for the device, as the shared headers need), and
/// `--std=c++17`.
public struct KernelCompiler: Sendable {
    public let nvrtc: NVRTC
    public let cache: PTXCache

    /// Architectures NVRTC is asked for (`compute_XY`): two decimal digits, 50 to 120.
    public static let architectures = 50...120

    public init(nvrtc: NVRTC, cache: PTXCache = PTXCache()) {
        self.nvrtc = nvrtc
        self.cache = cache
    }

    /// NVRTC's options for `architecture` (e.g. "90") and `dimension`.
    public static func options(architecture: String, dimension: Int) -> [String] {
        ["--gpu-architecture=compute_\(architecture)", "-DGL_DIM=\(dimension)", "-default-device", "--std=c++17"]
    }

    /// Checks an architecture string: digits only, in `architectures`.
    public static func validate(architecture: String) throws(CUDAError) {
        guard architecture.allSatisfy(\.isASCII), let value = Int(architecture), architectures.contains(value) else {
            throw .invalid(field: "arch", value: architecture, allowed: "a compute capability as digits, 50 to 120 (e.g. 80, 90)")
        }
    }

    /// The PTX of `source` for `architecture` and `dimension`, compiled or from the cache.
    public func ptx(_ source: KernelSource, architecture: String, dimension: Int) throws(CUDAError) -> String {
        try Self.validate(architecture: architecture)
        let options = Self.options(architecture: architecture, dimension: dimension)
        let version = try nvrtc.version()
        let key = PTXCache.key(source: source, options: options, version: "\(version.major).\(version.minor)")
        if let hit = cache.ptx(for: key) { return hit }
        let ptx = try nvrtc.compile(source: source.text, file: source.file, headers: source.headers, options: options)
        cache.store(ptx, for: key)
        return ptx
    }
}
