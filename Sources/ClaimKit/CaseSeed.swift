import GuidanceNumerics

/// The seed of one case: everything random about the case (its parameters and any Monte Carlo
/// in its check) is drawn from streams keyed by it, so the seed alone replays the case.
///
/// ```
/// value = derive(seed: master ^ fnv1a64(claimID), index: i)   with the lowest bit replaced
///         by 1 if case i requests an edge case, 0 otherwise
/// ```
/// The lowest bit tags the edge-case request so that a seed replays without its index.
public struct CaseSeed: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    /// The seed of case `index` of claim `claimID` under `master`.
    public init(master: UInt64, claimID: String, index: Int, edgeCase: Bool) {
        let derived = RandomStream.derive(seed: master ^ StableHash.fnv1a64(claimID), index: UInt64(index))
        value = (derived & ~1) | (edgeCase ? 1 : 0)
    }

    /// Parses hexadecimal digits, with or without a `0x` prefix; nil for anything else.
    public init?(hex text: String) {
        let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard !digits.isEmpty, digits.count <= 16, let value = UInt64(digits, radix: 16) else { return nil }
        self.value = value
    }

    /// Whether the case asks its generator for an edge case (`CaseGenerator.edgeCase`).
    public var requestsEdgeCase: Bool { value & 1 == 1 }

    /// `0x` followed by 16 lowercase hex digits.
    public var hex: String { MasterSeed.hex(value) }

    /// The 16 hex digits without prefix, for file names.
    public var bareHex: String { String(hex.dropFirst(2)) }

    public var description: String { hex }
}
