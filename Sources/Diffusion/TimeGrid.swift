import Foundation

/// The decreasing times `t_N = T > t_{N-1} > … > t_0 = tEnd` a fixed-step sampler visits.
public enum TimeGrid: String, Sendable, Codable, CaseIterable {
    /// Equal steps in t (the [G1] setting: T = 10, 1000 steps).
    case uniform
    /// Karras et al.'s steps, `σ_i = (σmax^{1/7} + i/(N-1)(σmin^{1/7} - σmax^{1/7}))^7`, the EDM
    /// default for VE ([G3]).
    case karras

    /// `steps + 1` times from `horizon` down to `end`.
    public func times(horizon: Double, end: Double, steps: Int) -> [Double] {
        let n = Double(steps)
        switch self {
        case .uniform:
            return (0...steps).map { i in i == steps ? end : horizon + (end - horizon) * Double(i) / n }
        case .karras:
            let a = pow(horizon, 1.0 / 7), b = pow(end, 1.0 / 7)
            return (0...steps).map { i in i == steps ? end : pow(a + Double(i) / n * (b - a), 7) }
        }
    }

    /// Karras for VE, uniform otherwise.
    public static func standard(for schedule: NoiseSchedule) -> TimeGrid {
        schedule.isVariancePreserving ? .uniform : .karras
    }
}
