import Foundation

/// A negative control of a claim: the claim's own check run on a deliberately wrong input that it
/// must reject, sized by what the check states it detects (`Figure.detects`). `swift test` runs
/// every control of every claim beside the claim's test and fails, naming the claim and the
/// control, when one is not rejected: this is how the suite shows, every run, that each of its
/// statistical checks can fail on the setting it runs on.
public struct Control: Sendable {
    /// What is wrong with the input, e.g. "2.2% of the samples moved past the support".
    public let name: String
    /// The check on the wrong input, at the run's profile and per-test alpha; must return `.fails`.
    public let check: @Sendable (CheckContext) throws -> Verdict

    public init(_ name: String, check: @escaping @Sendable (CheckContext) throws -> Verdict) {
        self.name = name
        self.check = check
    }

    /// The outcome of running the control: rejected (as it must be), or why not.
    public func run(_ context: CheckContext) -> (rejected: Bool, detail: String) {
        do {
            switch try check(context) {
            case let .fails(reason, _): return (true, reason)
            case let .holds(figures): return (false, "the check held: \(figures.summary)")
            case let .inconclusive(reason, _): return (false, "the check was inconclusive: \(reason)")
            }
        } catch {
            return (false, "the check threw: \(error)")
        }
    }

    /// `samples` with a share `share` of them moved to `far` (past every other value): the
    /// empirical law is then at KS distance exactly `share` (to within 1/n) from the original's,
    /// so a control at the check's detectable KS distance is a contamination of that share.
    /// Deterministic: every ⌈1/share⌉-th sample in the given order is the one moved.
    public static func contaminated(_ samples: [Double], share: Double, far: Double) -> [Double] {
        guard share > 0, !samples.isEmpty else { return samples }
        let moved = min(samples.count, Int((share * Double(samples.count)).rounded(.up)))
        let stride = max(1, samples.count / moved)
        var out = samples
        var count = 0
        for i in Swift.stride(from: 0, to: out.count, by: stride) where count < moved {
            out[i] = far
            count += 1
        }
        return out
    }
}
