/// What `guidance gpu info` and the backend need to know about a card.
public struct CUDADeviceInfo: Sendable, Equatable {
    public var ordinal: Int32
    public var name: String
    /// Compute capability (major, minor), e.g. (9, 0) for an H100.
    public var computeCapability: (major: Int32, minor: Int32)
    public var multiprocessors: Int32
    /// Peak SM clock in kHz (`CU_DEVICE_ATTRIBUTE_CLOCK_RATE`).
    public var clockKHz: Int32
    public var totalMemoryBytes: Int

    /// `compute_XY`-style digits, e.g. "90".
    public var architecture: String { "\(computeCapability.major)\(computeCapability.minor)" }

    public static func == (a: Self, b: Self) -> Bool {
        a.ordinal == b.ordinal && a.name == b.name && a.computeCapability == b.computeCapability
            && a.multiprocessors == b.multiprocessors && a.clockKHz == b.clockKHz && a.totalMemoryBytes == b.totalMemoryBytes
    }
}

extension CUDADriver {
    /// `CUdevice_attribute` values from `cuda.h`.
    enum Attribute: Int32 {
        case clockRate = 13
        case multiprocessorCount = 16
        case computeCapabilityMajor = 75
        case computeCapabilityMinor = 76
    }

    /// The number of CUDA devices the driver sees.
    public func deviceCount() throws(CUDAError) -> Int32 {
        var count: Int32 = 0
        try check("cuDeviceGetCount", cuDeviceGetCount(&count))
        return count
    }

    /// Name, compute capability, SM count, clock and memory of device `ordinal`.
    public func device(_ ordinal: Int32) throws(CUDAError) -> CUDADeviceInfo {
        var device: Device = 0
        try check("cuDeviceGet", cuDeviceGet(&device, ordinal))
        var name = [CChar](repeating: 0, count: 256)
        try check("cuDeviceGetName", cuDeviceGetName(&name, Int32(name.count), device))
        var bytes = 0
        try check("cuDeviceTotalMem_v2", cuDeviceTotalMem(&bytes, device))
        return CUDADeviceInfo(
            ordinal: ordinal, name: String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            computeCapability: (try attribute(.computeCapabilityMajor, device), try attribute(.computeCapabilityMinor, device)),
            multiprocessors: try attribute(.multiprocessorCount, device), clockKHz: try attribute(.clockRate, device),
            totalMemoryBytes: bytes)
    }

    /// Every device the driver sees.
    public func devices() throws(CUDAError) -> [CUDADeviceInfo] {
        var all: [CUDADeviceInfo] = []
        for ordinal in 0..<(try deviceCount()) { all.append(try device(ordinal)) }
        return all
    }

    func attribute(_ attribute: Attribute, _ device: Device) throws(CUDAError) -> Int32 {
        var value: Int32 = 0
        try check("cuDeviceGetAttribute(\(attribute))", cuDeviceGetAttribute(&value, attribute.rawValue, device))
        return value
    }
}
