import Foundation
import GuidanceNumerics

/// The exp and multiply-add throughput of one core, measured with micro-loops.
struct MachineLimits: Codable {
    /// Exponentials per second of `VectorExp` (eight lanes per call, in place over a buffer of
    /// 1024 arguments in `[-30, 0]` copied in first, as the score gathers its arguments), the
    /// exp the score's log-sum-exp uses.
    var expPerSecond: Double
    /// Double-precision multiply-adds (`a·b + c`, 2 flops) per second with 2-lane SIMD, as this
    /// build compiles them (baseline x86-64: SSE2, separate multiply and add).
    var multiplyAddPerSecond: Double

    static func measure() -> MachineLimits {
        let arguments = (0..<1024).map { -30 * Double($0) / 1024 }
        var buffer = arguments
        let expRate = best(of: 3) {
            var sum = 0.0
            buffer.withUnsafeMutableBufferPointer { values in
                for _ in 0..<4000 {
                    for i in 0..<1024 { values[i] = arguments[i] }
                    VectorExp.exp(values.baseAddress!, count: 1024)
                    sum += values[1023]
                }
            }
            MicroLoopSink.value += sum
            return 4000 * 1024
        }
        let multiplyAddRate = best(of: 3) {
            var lanes = (0..<8).map { SIMD2<Double>(Double($0), Double($0) + 0.5) }
            let a = SIMD2<Double>(repeating: 0.999_999), b = SIMD2<Double>(repeating: 1e-7)
            let rounds = 20_000_000
            lanes.withUnsafeMutableBufferPointer { v in
                var (v0, v1, v2, v3, v4, v5, v6, v7) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
                for _ in 0..<rounds {
                    v0 = v0 * a + b; v1 = v1 * a + b; v2 = v2 * a + b; v3 = v3 * a + b
                    v4 = v4 * a + b; v5 = v5 * a + b; v6 = v6 * a + b; v7 = v7 * a + b
                }
                (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]) = (v0, v1, v2, v3, v4, v5, v6, v7)
            }
            MicroLoopSink.value += lanes.reduce(0) { $0 + $1.sum() }
            return Double(rounds) * 16
        }
        return MachineLimits(expPerSecond: expRate, multiplyAddPerSecond: multiplyAddRate)
    }

    /// The best rate of `runs` timings of `body`, which returns its operation count.
    private static func best(of runs: Int, _ body: () -> Double) -> Double {
        (0..<runs).map { _ in
            let clock = ContinuousClock(), start = clock.now
            let operations = body()
            return operations / (clock.now - start).seconds
        }.max()!
    }
}

/// Keeps the micro-loops' results alive so the optimiser cannot drop them.
enum MicroLoopSink {
    nonisolated(unsafe) static var value = 0.0
}

/// The CPU model and core count.
enum Machine {
    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}
