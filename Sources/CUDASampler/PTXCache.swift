import Foundation

/// PTX by compilation key, in memory and, when `directory` is given, on disk as
/// `<directory>/<key>.ptx`.
///
/// The key is the 64-bit FNV-1a hash (hex) of the source, its headers, the options and NVRTC's
/// version: a change to any of them compiles afresh. FNV-1a is not cryptographic; two keys
/// collide with probability about n²/2⁶⁵ for n cached texts, negligible for a cache of kernels.
public final class PTXCache: @unchecked Sendable {
    public let directory: String?
    private let lock = NSLock()
    private var memory: [String: String] = [:]

    public init(directory: String? = nil) {
        self.directory = directory
    }

    /// The key of compiling `source` with `options` by NVRTC `version`.
    public static func key(source: KernelSource, options: [String], version: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ([source.fingerprintText, version] + options).joined(separator: "\u{1}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// The cached PTX for `key`, from memory, then from disk (kept in memory once read).
    public func ptx(for key: String) -> String? {
        if let hit = lock.withLock({ memory[key] }) { return hit }
        guard let directory, let text = try? String(contentsOfFile: "\(directory)/\(key).ptx", encoding: .utf8) else { return nil }
        lock.withLock { memory[key] = text }
        return text
    }

    /// Stores `ptx` under `key`; a disk write that fails leaves the memory entry (the cache is
    /// an optimisation, never a reason to fail).
    public func store(_ ptx: String, for key: String) {
        lock.withLock { memory[key] = ptx }
        guard let directory else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? Data(ptx.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(key).ptx"), options: .atomic)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
