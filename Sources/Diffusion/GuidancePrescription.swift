/// [G1]'s prescription for choosing the guidance strength: take the largest w whose samples stay
/// inside the class support or, for nearly separable data, whose mean trajectory across the
/// separating direction stays monotone.
public enum GuidancePrescription {
    /// The largest w of the increasing `grid` such that it and every smaller w on the grid are
    /// `acceptable`; nil when the first is not.
    public static func largest(on grid: [Double], acceptable: (Double) throws -> Bool) rethrows -> Double? {
        var best: Double?
        for w in grid {
            guard try acceptable(w) else { break }
            best = w
        }
        return best
    }

    /// How far a path (one coordinate of the mean trajectory, in the order visited) goes past
    /// where it ends, in the direction it travels overall: 0 for a monotone path, positive for
    /// one that overshoots and pulls back.
    public static func overshoot(_ path: [Double]) -> Double {
        guard let first = path.first, let last = path.last else { return 0 }
        let direction: Double = last >= first ? 1 : -1
        return path.map { direction * ($0 - last) }.max()!
    }
}
