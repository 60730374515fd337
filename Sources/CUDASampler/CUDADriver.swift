/// The CUDA driver API (`libcuda.so.1`), loaded with `dlopen` and called through `dlsym`.
///
/// Only the calls the backend needs are bound; each wrapper checks the `CUresult` and throws
/// `CUDAError.driverCall` naming the call and the code (`cuGetErrorName`). The `_v2` symbols are
/// the ones `cuda.h` maps the plain names to since CUDA 3.2 (64-bit device pointers and sizes).
/// `cuInit(0)` is called once, when the driver is loaded.
public final class CUDADriver: @unchecked Sendable {
    public typealias Device = Int32
    public typealias Context = OpaquePointer
    public typealias Module = OpaquePointer
    public typealias Function = OpaquePointer
    /// A device address (`CUdeviceptr`, 64 bits).
    public typealias DevicePointer = UInt64

    typealias Init = @convention(c) (UInt32) -> Int32
    typealias GetCount = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias GetDevice = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias GetName = @convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Int32
    typealias GetAttribute = @convention(c) (UnsafeMutablePointer<Int32>, Int32, Int32) -> Int32
    typealias TotalMemory = @convention(c) (UnsafeMutablePointer<Int>, Int32) -> Int32
    typealias RetainContext = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, Int32) -> Int32
    typealias ReleaseContext = @convention(c) (Int32) -> Int32
    typealias SetCurrent = @convention(c) (OpaquePointer?) -> Int32
    typealias LoadData = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UnsafeRawPointer) -> Int32
    typealias Unload = @convention(c) (OpaquePointer?) -> Int32
    typealias GetFunction = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, OpaquePointer?, UnsafePointer<CChar>) -> Int32
    typealias Alloc = @convention(c) (UnsafeMutablePointer<UInt64>, Int) -> Int32
    typealias Free = @convention(c) (UInt64) -> Int32
    typealias CopyToDevice = @convention(c) (UInt64, UnsafeRawPointer, Int) -> Int32
    typealias CopyToHost = @convention(c) (UnsafeMutableRawPointer, UInt64, Int) -> Int32
    typealias Memset = @convention(c) (UInt64, UInt8, Int) -> Int32
    typealias MemoryInfo = @convention(c) (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>) -> Int32
    typealias Launch = @convention(c) (
        OpaquePointer?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, OpaquePointer?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int32
    typealias Synchronize = @convention(c) () -> Int32
    typealias ErrorName = @convention(c) (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Int32

    /// The library's file name, as the system loader finds it.
    public static let libraryName = "libcuda.so.1"

    let library: DynamicLibrary
    let cuInit: Init
    let cuDeviceGetCount: GetCount
    let cuDeviceGet: GetDevice
    let cuDeviceGetName: GetName
    let cuDeviceGetAttribute: GetAttribute
    let cuDeviceTotalMem: TotalMemory
    let cuDevicePrimaryCtxRetain: RetainContext
    let cuDevicePrimaryCtxRelease: ReleaseContext
    let cuCtxSetCurrent: SetCurrent
    let cuModuleLoadData: LoadData
    let cuModuleUnload: Unload
    let cuModuleGetFunction: GetFunction
    let cuMemAlloc: Alloc
    let cuMemFree: Free
    let cuMemcpyHtoD: CopyToDevice
    let cuMemcpyDtoH: CopyToHost
    let cuMemsetD8: Memset
    let cuMemGetInfo: MemoryInfo
    let cuLaunchKernel: Launch
    let cuCtxSynchronize: Synchronize
    let cuGetErrorName: ErrorName

    /// Opens `path` (default: the system's `libcuda.so.1`), binds the calls and runs `cuInit(0)`.
    /// Throws `CUDAError.driverUnavailable` when the library or a symbol is missing.
    public init(path: String = CUDADriver.libraryName) throws(CUDAError) {
        do {
            library = try DynamicLibrary(path)
            cuInit = try library.function("cuInit")
            cuDeviceGetCount = try library.function("cuDeviceGetCount")
            cuDeviceGet = try library.function("cuDeviceGet")
            cuDeviceGetName = try library.function("cuDeviceGetName")
            cuDeviceGetAttribute = try library.function("cuDeviceGetAttribute")
            cuDeviceTotalMem = try library.function("cuDeviceTotalMem_v2")
            cuDevicePrimaryCtxRetain = try library.function("cuDevicePrimaryCtxRetain")
            cuDevicePrimaryCtxRelease = try library.function("cuDevicePrimaryCtxRelease_v2")
            cuCtxSetCurrent = try library.function("cuCtxSetCurrent")
            cuModuleLoadData = try library.function("cuModuleLoadData")
            cuModuleUnload = try library.function("cuModuleUnload")
            cuModuleGetFunction = try library.function("cuModuleGetFunction")
            cuMemAlloc = try library.function("cuMemAlloc_v2")
            cuMemFree = try library.function("cuMemFree_v2")
            cuMemcpyHtoD = try library.function("cuMemcpyHtoD_v2")
            cuMemcpyDtoH = try library.function("cuMemcpyDtoH_v2")
            cuMemsetD8 = try library.function("cuMemsetD8_v2")
            cuMemGetInfo = try library.function("cuMemGetInfo_v2")
            cuLaunchKernel = try library.function("cuLaunchKernel")
            cuCtxSynchronize = try library.function("cuCtxSynchronize")
            cuGetErrorName = try library.function("cuGetErrorName")
        } catch {
            throw .driverUnavailable(reason: error.reason)
        }
        try check("cuInit", cuInit(0))
    }

    /// Throws `CUDAError.driverCall` unless `code` is `CUDA_SUCCESS` (0).
    func check(_ call: String, _ code: Int32) throws(CUDAError) {
        guard code != 0 else { return }
        var text: UnsafePointer<CChar>?
        let name = cuGetErrorName(code, &text) == 0 ? text.map { String(cString: $0) } : nil
        throw .driverCall(call: call, code: code, name: name ?? "CUDA error \(code)")
    }
}
