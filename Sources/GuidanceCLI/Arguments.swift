import Foundation
import ArgumentParser
import ClaimKit
import Diffusion

// The option types that argument-parser reads itself: a bad value is a one-line parser error
// naming the option and (for the enumerations) every allowed value, and `--help` lists them.

extension SamplerKind: ExpressibleByArgument {}
extension TimeGrid: ExpressibleByArgument {}

extension Profile: ExpressibleByArgument {
    /// A profile name, case-insensitive (`ci`, `thorough`, `gpu`), as `Profile.parse`.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// A 64-bit seed on the command line: decimal, or `0x` and up to 16 hex digits (`MasterSeed.parse`).
struct SeedArgument: ExpressibleByArgument, Sendable {
    /// The value name in usage lines and parser errors, which states the allowed forms.
    static let valueName = "decimal|0xhex"

    var value: UInt64

    init(_ value: UInt64) { self.value = value }

    init?(argument: String) {
        guard let value = MasterSeed.parse(argument) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { "\(value)" }
}

/// A non-empty range of case indices, `a..<b` or `a...b` with `0 ≤ a` (`a...b` is `a..<b+1`).
struct CaseRange: ExpressibleByArgument, Sendable {
    /// The value name in usage lines and parser errors, which states the allowed forms.
    static let valueName = "a..<b|a...b"

    var range: Range<Int>

    init?(argument: String) {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        for (separator, closed) in [("..<", false), ("...", true)] {
            let parts = trimmed.components(separatedBy: separator)
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0 else { continue }
            guard b < Int.max, a < (closed ? b + 1 : b) else { return nil }
            range = a..<(closed ? b + 1 : b)
            return
        }
        return nil
    }

    var defaultValueDescription: String { "\(range.lowerBound)..<\(range.upperBound)" }
}

/// `K/N`: shard K (0-based) of N (`Shard.parse`).
struct ShardArgument: ExpressibleByArgument, Sendable {
    /// The value name in usage lines and parser errors.
    static let valueName = "K/N"

    var shard: Shard

    init?(argument: String) {
        guard let shard = try? Shard.parse(argument) else { return nil }
        self.shard = shard
    }

    var defaultValueDescription: String { shard.description }
}
