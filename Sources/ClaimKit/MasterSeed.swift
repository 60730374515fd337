import Foundation

/// The one seed a run starts from; every case seed is derived from it, so a run reproduces
/// bit for bit from the master seed alone. Read from `GUIDANCE_SEED` (decimal, or hexadecimal
/// with a `0x` prefix); the fixed default lets CI reproduce a developer's run.
public enum MasterSeed {
    /// The environment variable that sets the master seed.
    public static let environmentKey = "GUIDANCE_SEED"

    /// The seed used when `GUIDANCE_SEED` is unset.
    public static let defaultValue: UInt64 = 20_241_113

    /// Parses a decimal seed or a `0x`-prefixed hexadecimal one; nil for anything else.
    public static func parse(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed, radix: 10)
    }

    /// The seed from `GUIDANCE_SEED`, or `defaultValue` when it is unset or empty.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ClaimKitError) -> UInt64 {
        guard let text = environment[environmentKey], !text.isEmpty else { return defaultValue }
        guard let seed = parse(text) else {
            throw .invalidSetting(
                name: environmentKey, value: text,
                allowed: "a decimal integer below 2^64 or 0x followed by up to 16 hex digits")
        }
        return seed
    }

    /// `0x` followed by 16 lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// FNV-1a, 64 bits, over the UTF-8 bytes of a string: a hash that is the same in every process,
/// unlike Swift's randomly seeded `hashValue`.
///
/// ```
/// h = 0xcbf29ce484222325;  for each byte b: h = (h ^ b) · 0x100000001b3  (mod 2^64)
/// ```
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
