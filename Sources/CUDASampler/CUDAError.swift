/// Everything that can go wrong between Swift and an NVIDIA card, each case with what to do.
///
/// The CUDA backend, NVRTC and ptxas are all found at run time, so a missing library is an
/// ordinary error, never a crash: `description` is one line naming the call (or the file), the
/// code's name where the library gave one, and the remedy.
public enum CUDAError: Error, Equatable, CustomStringConvertible {
    /// `libcuda.so.1` could not be opened (no NVIDIA driver on this machine) or lacks a symbol.
    case driverUnavailable(reason: String)
    /// A driver API call returned `code` (`name` from `cuGetErrorName`).
    case driverCall(call: String, code: Int32, name: String)
    /// The driver loaded but reports no device.
    case noDevice
    /// NVRTC was not found at any place of `NVRTCLocation.searchOrder`; `tried` lists each
    /// place and why it failed.
    case nvrtcUnavailable(tried: [String])
    /// The library at `path` opened but is not NVRTC (a symbol is missing), or did not open.
    case notNVRTC(path: String, reason: String)
    /// An NVRTC call other than the compilation failed.
    case nvrtcCall(call: String, code: Int32, message: String)
    /// NVRTC rejected the kernel source: the file, the options and NVRTC's log.
    case compileFailed(file: String, options: [String], log: String)
    /// No ptxas at any place of `PTXAssembler.searchOrder`.
    case ptxasUnavailable(tried: [String])
    /// ptxas ran and failed (status, its output), or its output could not be parsed.
    case ptxasFailed(path: String, status: Int32, output: String)
    /// A value handed to the backend is out of its range (the field, the value, what is allowed).
    case invalid(field: String, value: String, allowed: String)

    public var description: String {
        switch self {
        case .driverUnavailable(let reason):
            return "CUDA driver unavailable: \(reason) — install the NVIDIA driver (libcuda.so.1) or run on the CPU (--backend cpu)"
        case .driverCall(let call, let code, let name):
            return "CUDA driver: \(call) returned \(name) (\(code)) — \(Self.advice(forDriverError: name))"
        case .noDevice:
            return "CUDA driver: no CUDA device (cuDeviceGetCount = 0) — run on the CPU (--backend cpu)"
        case .nvrtcUnavailable(let tried):
            return "NVRTC not found (tried: \(tried.joined(separator: "; "))) — set GUIDANCE_NVRTC to a libnvrtc.so*, or pip install nvidia-cuda-nvrtc-cu12 into .venv-cuda"
        case .notNVRTC(let path, let reason):
            return "GUIDANCE_NVRTC: \(path) is not a usable NVRTC library (\(reason)) — allowed: a path to libnvrtc.so*"
        case .nvrtcCall(let call, let code, let message):
            return "NVRTC: \(call) returned \(message) (\(code))"
        case .compileFailed(let file, let options, let log):
            return "NVRTC could not compile \(file) with \(options.joined(separator: " ")):\n\(log)"
        case .ptxasUnavailable(let tried):
            return "ptxas not found (tried: \(tried.joined(separator: "; "))) — set GUIDANCE_PTXAS, or pip install nvidia-cuda-nvcc-cu12 into .venv-cuda"
        case .ptxasFailed(let path, let status, let output):
            return "ptxas (\(path)) failed with status \(status):\n\(output)"
        case .invalid(let field, let value, let allowed):
            return "\(field): \(value) — allowed: \(allowed)"
        }
    }

    /// What to do about a driver error, by its `cuGetErrorName`.
    static func advice(forDriverError name: String) -> String {
        switch name {
        case "CUDA_ERROR_NO_DEVICE": return "no CUDA device is visible (check CUDA_VISIBLE_DEVICES); use --backend cpu or auto"
        case "CUDA_ERROR_OUT_OF_MEMORY": return "the card's memory is exhausted; use fewer particles per run"
        case "CUDA_ERROR_INVALID_PTX", "CUDA_ERROR_UNSUPPORTED_PTX_VERSION":
            return "the driver cannot load this PTX; update the NVIDIA driver or use an older NVRTC (GUIDANCE_NVRTC)"
        case "CUDA_ERROR_NOT_FOUND": return "the kernel is not in the compiled module; the kernel source and its variant list disagree"
        case "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES": return "too many registers or threads per block for this card; use a smaller block"
        case "CUDA_ERROR_INSUFFICIENT_DRIVER": return "the driver is older than this CUDA runtime; update the NVIDIA driver"
        default: return "see the CUDA driver API documentation for this code"
        }
    }
}
