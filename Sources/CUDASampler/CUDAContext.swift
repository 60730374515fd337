/// Device `ordinal`'s primary context, current on the calling thread, and what runs in it:
/// modules, device memory, launches.
///
/// Every call is checked (`CUDAError.driverCall`). The context is released when the object goes.
public final class CUDAContext: @unchecked Sendable {
    public let driver: CUDADriver
    public let info: CUDADeviceInfo
    let device: CUDADriver.Device
    let context: CUDADriver.Context

    /// Retains device `ordinal`'s primary context and makes it current.
    public init(driver: CUDADriver, ordinal: Int32 = 0) throws(CUDAError) {
        let count = try driver.deviceCount()
        guard count > 0 else { throw .noDevice }
        guard (0..<count).contains(ordinal) else {
            throw .invalid(field: "device", value: "\(ordinal)", allowed: "0 to \(count - 1) (\(count) devices)")
        }
        self.driver = driver
        info = try driver.device(ordinal)
        var device: CUDADriver.Device = 0
        try driver.check("cuDeviceGet", driver.cuDeviceGet(&device, ordinal))
        var context: OpaquePointer?
        try driver.check("cuDevicePrimaryCtxRetain", driver.cuDevicePrimaryCtxRetain(&context, device))
        guard let context else { throw .driverCall(call: "cuDevicePrimaryCtxRetain", code: -1, name: "a null context") }
        self.device = device
        self.context = context
        try driver.check("cuCtxSetCurrent", driver.cuCtxSetCurrent(context))
    }

    deinit { _ = driver.cuDevicePrimaryCtxRelease(device) }

    /// Makes this context current on the calling thread (needed once per thread).
    public func makeCurrent() throws(CUDAError) {
        try driver.check("cuCtxSetCurrent", driver.cuCtxSetCurrent(context))
    }

    /// Free and total device memory in bytes (`cuMemGetInfo`).
    public func memory() throws(CUDAError) -> (free: Int, total: Int) {
        var free = 0, total = 0
        try driver.check("cuMemGetInfo_v2", driver.cuMemGetInfo(&free, &total))
        return (free, total)
    }

    /// Loads PTX text (JIT-compiled by the driver for this card).
    public func loadModule(ptx: String) throws(CUDAError) -> CUDAModule {
        var module: OpaquePointer?
        let code = ptx.withCString { driver.cuModuleLoadData(&module, $0) }
        try driver.check("cuModuleLoadData", code)
        guard let module else { throw .driverCall(call: "cuModuleLoadData", code: -1, name: "a null module") }
        return CUDAModule(context: self, module: module)
    }

    /// Waits for every launch so far (`cuCtxSynchronize`); a kernel's fault surfaces here.
    public func synchronize() throws(CUDAError) {
        try driver.check("cuCtxSynchronize", driver.cuCtxSynchronize())
    }
}

/// A loaded module; its functions are looked up by name.
public final class CUDAModule: @unchecked Sendable {
    let context: CUDAContext
    let module: CUDADriver.Module

    init(context: CUDAContext, module: CUDADriver.Module) {
        self.context = context
        self.module = module
    }

    deinit { _ = context.driver.cuModuleUnload(module) }

    /// The kernel `name` (`cuModuleGetFunction`; CUDA_ERROR_NOT_FOUND if the module lacks it).
    public func function(_ name: String) throws(CUDAError) -> CUDAFunction {
        var function: OpaquePointer?
        let code = name.withCString { context.driver.cuModuleGetFunction(&function, module, $0) }
        try context.driver.check("cuModuleGetFunction(\(name))", code)
        guard let function else { throw .driverCall(call: "cuModuleGetFunction(\(name))", code: -1, name: "a null function") }
        return CUDAFunction(module: self, name: name, function: function)
    }
}

/// A kernel of a loaded module.
public struct CUDAFunction: @unchecked Sendable {
    let module: CUDAModule
    public let name: String
    let function: CUDADriver.Function

    /// Launches on `grid` blocks of `block` threads (x only) with one by-value argument of
    /// type `T` (the kernel's parameter struct), and waits for it.
    public func launch<T>(grid: UInt32, block: UInt32, argument: T) throws(CUDAError) {
        let driver = module.context.driver
        var argument = argument
        let code = withUnsafeMutablePointer(to: &argument) { pointer in
            var parameters: [UnsafeMutableRawPointer?] = [UnsafeMutableRawPointer(pointer)]
            return parameters.withUnsafeMutableBufferPointer {
                driver.cuLaunchKernel(function, grid, 1, 1, block, 1, 1, 0, nil, $0.baseAddress, nil)
            }
        }
        try driver.check("cuLaunchKernel(\(name), grid \(grid), block \(block))", code)
        try module.context.synchronize()
    }
}
