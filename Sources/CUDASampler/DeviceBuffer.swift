/// `count` elements of `Element` in device memory (`cuMemAlloc`), freed when the buffer goes.
public final class DeviceBuffer<Element>: @unchecked Sendable {
    let context: CUDAContext
    public let address: CUDADriver.DevicePointer
    public let count: Int

    var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// Allocates `count` (≥ 1) elements, zero-filled (`cuMemsetD8`).
    public init(context: CUDAContext, count: Int) throws(CUDAError) {
        guard count >= 1 else { throw .invalid(field: "count", value: "\(count)", allowed: "at least 1 element") }
        self.context = context
        self.count = count
        var address: UInt64 = 0
        let bytes = count * MemoryLayout<Element>.stride
        try context.driver.check("cuMemAlloc_v2(\(bytes) bytes)", context.driver.cuMemAlloc(&address, bytes))
        self.address = address
        try context.driver.check("cuMemsetD8_v2", context.driver.cuMemsetD8(address, 0, bytes))
    }

    /// Copies `values` (at most `count`) to the start of the buffer.
    public convenience init(context: CUDAContext, copying values: [Element]) throws(CUDAError) {
        try self.init(context: context, count: max(values.count, 1))
        try upload(values)
    }

    deinit { _ = context.driver.cuMemFree(address) }

    /// Copies `values` (at most `count`) to the start of the buffer (`cuMemcpyHtoD`).
    public func upload(_ values: [Element]) throws(CUDAError) {
        guard values.count <= count else {
            throw .invalid(field: "values", value: "\(values.count) elements", allowed: "at most the buffer's \(count)")
        }
        if values.isEmpty { return }
        let code = values.withUnsafeBytes { context.driver.cuMemcpyHtoD(address, $0.baseAddress!, $0.count) }
        try context.driver.check("cuMemcpyHtoD_v2", code)
    }

    /// The first `prefix` elements (default: all), copied back (`cuMemcpyDtoH`).
    public func download(prefix: Int? = nil) throws(CUDAError) -> [Element] where Element: BitwiseCopyable {
        let n = min(prefix ?? count, count)
        guard n > 0 else { return [] }
        let driver = context.driver, address = address
        var code: Int32 = 0
        let values = [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            code = driver.cuMemcpyDtoH(UnsafeMutableRawPointer(buffer.baseAddress!), address, n * MemoryLayout<Element>.stride)
            initialized = code == 0 ? n : 0
        }
        try driver.check("cuMemcpyDtoH_v2", code)
        return values
    }
}
