import Foundation

/// What this process has used so far, from `getrusage(RUSAGE_SELF)`: the peak resident memory
/// (`ru_maxrss`, which only grows over the process's life) and the CPU time of all its threads.
/// `guidance check` reports the peak after each claim, `guidance bench` after each workload.
public enum ResourceUsage {
    /// Peak resident memory of this process so far, in bytes (`ru_maxrss` is KiB on Linux,
    /// bytes on macOS).
    public static func peakMemoryBytes() -> Int {
        #if os(Linux)
            return Int(selfUsage().ru_maxrss) * 1024
        #else
            return Int(selfUsage().ru_maxrss)
        #endif
    }

    /// `peakMemoryBytes() / 2^20`.
    public static func peakMemoryMiB() -> Double { Double(peakMemoryBytes()) / 1_048_576 }

    /// User + system CPU time of this process, all threads, in seconds (microsecond resolution).
    public static func cpuSeconds() -> Double {
        let usage = selfUsage()
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    private static func selfUsage() -> rusage {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }
}
