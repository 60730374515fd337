/// A model that cannot be built: the field at fault, the value given and what is allowed.
///
/// `field` is a path such as `classes[1].components[0].cov`; component initialisers name their
/// own field (`cov`) and the spec loader prefixes where the component sits.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var allowed: String

    public init(field: String, value: String, allowed: String) {
        self.field = field
        self.value = value
        self.allowed = allowed
    }

    /// The same error with `prefix` in front of the field path.
    public func at(_ prefix: String) -> ModelError {
        ModelError(field: field.isEmpty ? prefix : prefix + "." + field, value: value, allowed: allowed)
    }

    public var description: String { "\(field) = \(value): \(allowed)" }
}

extension ModelError {
    /// Checks `value` is finite and inside `range`, naming `field` otherwise.
    static func require(_ field: String, _ value: Double, in range: ClosedRange<Double>, _ allowed: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw ModelError(field: field, value: "\(value)", allowed: allowed)
        }
    }

    /// Checks `value` is finite and strictly positive.
    static func requirePositive(_ field: String, _ value: Double) throws {
        guard value.isFinite, value > 0 else {
            throw ModelError(field: field, value: "\(value)", allowed: "a finite number > 0")
        }
    }
}

extension ModelError {
    /// A `ScoreScratch` made for another mixture (a different class or component layout) handed
    /// to `NoisedMixture`'s score functions.
    static func foreignScratch(_ count: Int, expected: Int) -> ModelError {
        ModelError(field: "scratch", value: "\(count) lane vectors", allowed: "a ScoreScratch made by this mixture (\(expected) lane vectors)")
    }
}
