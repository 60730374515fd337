import Foundation

struct WorkloadResult: Codable {
    var workload: String
    var unit: String
    var work: Double
    var seconds: Double
    var rate: Double
    /// CPU time of the process (all threads) during the run: `cpuSeconds / seconds` below the
    /// thread count means other processes took cores.
    var cpuSeconds: Double
    var peakMemoryMiB: Double
    /// `particles × d × 8 B`, the sampler's state, for comparison with the peak.
    var stateMiB: Double?
    var accounting: Accounting?
    var achievedFraction: Double?
    /// The peers run on this workload, in `PeerRunner`'s order (none without `--peers`).
    var peers: [PeerResult] = []

    init(workload: String, unit: String, work: Double, seconds: Double, cpuSeconds: Double, peakMemoryMiB: Double, stateMiB: Double? = nil) {
        (self.workload, self.unit, self.work, self.seconds, self.rate) = (workload, unit, work, seconds, work / seconds)
        (self.cpuSeconds, self.peakMemoryMiB, self.stateMiB) = (cpuSeconds, peakMemoryMiB, stateMiB)
    }
}

/// A peer's run of a workload and how far its numbers are from the Swift ones.
struct PeerResult: Codable {
    var tool: String
    var work: Double
    var seconds: Double
    var rate: Double
    /// Swift rate / peer rate.
    var ratio: Double
    /// `max |swift - peer|` over the `compared` shared outputs (positions, quantiles or scores).
    var maxDifference: Double
    var compared: Int
}

struct ScalingRow: Codable {
    var axis: String
    var value: Int
    var particles: Int
    var steps: Int
    var seconds: Double
    var nanosecondsPerParticleStep: Double
    /// Per particle-step and per unit of the axis (a component, a coordinate; 1 for particles).
    var nanosecondsPerUnit: Double
    var peakMemoryMiB: Double
}

struct BenchReport: Codable {
    var date: String
    var machine: String
    var threads: Int
    var limits: MachineLimits
    var peerEnvironment: String?
    var results: [WorkloadResult] = []
    var scaling: [ScalingRow]?

    /// The table printed on stdout.
    func table() -> String {
        var lines = [
            "guidance bench  \(date)  \(machine), \(threads) threads",
            "one core: exp (VectorExp) \(rateText(limits.expPerSecond))/s, multiply-add (2-lane SSE2) \(rateText(limits.multiplyAddPerSecond))/s",
        ]
        if let peerEnvironment { lines.append("peers: \(peerEnvironment)") }
        lines.append("")
        lines.append(pad(["workload", "swift", "unit", "seconds", "cpu-s", "peer", "peer rate", "ratio", "max diff", "peak MiB"]))
        for r in results {
            let ours = [r.workload, rateText(r.rate), r.unit, String(format: "%.2f", r.seconds), String(format: "%.2f", r.cpuSeconds)]
            let peerCells = r.peers.map { [$0.tool, rateText($0.rate), String(format: "%.1fx", $0.ratio), String(format: "%.1e", $0.maxDifference)] }
            // One row per peer, side by side with ours; our cells only on the first.
            for (k, cells) in (peerCells.isEmpty ? [["-", "-", "-", "-"]] : peerCells).enumerated() {
                let left = k == 0 ? ours : Array(repeating: "", count: ours.count)
                lines.append(pad(left + cells + [k == 0 ? String(format: "%.0f", r.peakMemoryMiB) : ""]))
            }
        }
        for r in results {
            guard let a = r.accounting, let fraction = r.achievedFraction else { continue }
            let cost = String(
                format: "%.0f exp + %.0f flops per particle-step = %.0f ns exp + %.0f ns arithmetic per core",
                a.expPerParticleStep, a.flopsPerParticleStep, a.nanosecondsInExp, a.nanosecondsInArithmetic)
            lines.append("\(r.workload): \(cost); limit \(rateText(a.limitRate))/s, achieved \(String(format: "%.0f%%", 100 * fraction))")
        }
        for r in results {
            if let state = r.stateMiB {
                lines.append("\(r.workload): " + String(format: "positions %.0f MiB (particles × d × 8 B), peak resident so far %.0f MiB", state, r.peakMemoryMiB))
            }
        }
        if let scaling, !scaling.isEmpty {
            lines.append("")
            lines.append(pad(["scaling", "value", "particles", "steps", "seconds", "ns/particle-step", "ns/unit", "peak MiB"]))
            for s in scaling {
                lines.append(pad([
                    s.axis, "\(s.value)", "\(s.particles)", "\(s.steps)", String(format: "%.3f", s.seconds),
                    String(format: "%.1f", s.nanosecondsPerParticleStep), String(format: "%.2f", s.nanosecondsPerUnit),
                    String(format: "%.0f", s.peakMemoryMiB),
                ]))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func pad(_ cells: [String]) -> String {
        let widths = [11, 10, 17, 9, 8, 14, 10, 8, 9, 9]
        return zip(cells, widths + Array(repeating: 10, count: max(0, cells.count - widths.count)))
            .map { $0.padding(toLength: max($1, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
    }
}
