/// What ptxas reports for one entry function (`ptxas -v`): the figures that bound occupancy and
/// reveal local-memory traffic.
public struct KernelResources: Sendable, Equatable {
    public var entry: String
    public var registers: Int
    public var stackFrameBytes: Int
    public var spillStoreBytes: Int
    public var spillLoadBytes: Int
    public var sharedMemoryBytes: Int
    /// Bytes of constant memory over all banks (`cmem[0]` holds the kernel's parameters).
    public var constantMemoryBytes: Int

    public init(
        entry: String, registers: Int, stackFrameBytes: Int, spillStoreBytes: Int, spillLoadBytes: Int, sharedMemoryBytes: Int, constantMemoryBytes: Int
    ) {
        (self.entry, self.registers, self.stackFrameBytes) = (entry, registers, stackFrameBytes)
        (self.spillStoreBytes, self.spillLoadBytes) = (spillStoreBytes, spillLoadBytes)
        (self.sharedMemoryBytes, self.constantMemoryBytes) = (sharedMemoryBytes, constantMemoryBytes)
    }

    public var spills: Bool { spillStoreBytes > 0 || spillLoadBytes > 0 }

    /// Parses ptxas's `-v` lines, one record per `Compiling entry function 'name'`:
    ///
    ///     ptxas info    : Compiling entry function 'k' for 'sm_90'
    ///     ptxas info    : Function properties for k
    ///         0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
    ///     ptxas info    : Used 8 registers, 16 bytes smem, 368 bytes cmem[0]
    ///
    /// Figures ptxas leaves out are 0 (ptxas 12.9 for sm_90 prints no cmem line for parameters;
    /// its `used N barriers` is not recorded). Lines about non-entry functions are ignored.
    public static func parse(ptxasOutput text: String) -> [KernelResources] {
        var all: [KernelResources] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if let name = quoted(after: "Compiling entry function '", in: line) {
                all.append(KernelResources(entry: name, registers: 0, stackFrameBytes: 0, spillStoreBytes: 0, spillLoadBytes: 0, sharedMemoryBytes: 0, constantMemoryBytes: 0))
                continue
            }
            guard !all.isEmpty else { continue }
            for (value, unit) in figures(line) {
                switch unit {
                case "registers": all[all.count - 1].registers = value
                case "bytes stack frame": all[all.count - 1].stackFrameBytes = value
                case "bytes spill stores": all[all.count - 1].spillStoreBytes = value
                case "bytes spill loads": all[all.count - 1].spillLoadBytes = value
                case "bytes smem": all[all.count - 1].sharedMemoryBytes = value
                case let unit where unit.hasPrefix("bytes cmem"): all[all.count - 1].constantMemoryBytes += value
                default: break
                }
            }
        }
        return all
    }

    private static func quoted(after marker: String, in line: Substring) -> String? {
        guard let start = line.range(of: marker)?.upperBound, let end = line[start...].firstIndex(of: "'") else { return nil }
        return String(line[start..<end])
    }

    /// `(number, unit)` for each comma-separated "N unit" part of a line ("Used 8 registers"
    /// gives (8, "registers")).
    private static func figures(_ line: Substring) -> [(Int, String)] {
        let body = line.split(separator: ":", maxSplits: 1).last ?? line
        return body.split(separator: ",").compactMap { part in
            let words = part.split(separator: " ").filter { $0 != "Used" }
            guard let first = words.first, let value = Int(first) else { return nil }
            return (value, words.dropFirst().joined(separator: " "))
        }
    }
}
