/// A computed value together with an estimate of its absolute error, as GSL returns them.
public struct Estimate: Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    /// An estimate of `|value - exact|`.
    public var error: Double

    public init(value: Double, error: Double) {
        self.value = value
        self.error = error
    }

    public var description: String { "\(value) ± \(error)" }
}
