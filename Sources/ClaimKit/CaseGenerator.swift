import Foundation
import GuidanceNumerics

/// The source of a claim's cases: a `RandomStream` keyed by the case seed, the run's profile,
/// and whether this case should be an edge case.
///
/// ClaimKit has its own small generator and shrinker rather than swift-property-based: that
/// package depends on Testing (which the `guidance` executable cannot link), swallows thrown
/// errors, and has no master seed to replay a whole run from.
///
/// The first `Claim.edgeCases` case indices request edge cases on purpose (`edgeCase` is true):
/// the helpers below then return range ends, zero, equal weights and the fewest components.
/// A generator may also read `edgeCase` itself. Conforms to `RandomNumberGenerator`, so
/// `Double.random(in:using:)` works too.
public struct CaseGenerator: RandomNumberGenerator {
    /// Case parameters are drawn from this stream of the case seed; checks get streams
    /// `0, 1, …` (`CheckContext.stream`), so the two never overlap.
    public static let generationStream = UInt64.max

    public var stream: RandomStream
    public let profile: Profile
    public let edgeCase: Bool

    public init(seed: CaseSeed, profile: Profile) {
        stream = RandomStream(seed: seed.value, stream: CaseGenerator.generationStream)
        self.profile = profile
        edgeCase = seed.requestsEdgeCase
    }

    public mutating func next() -> UInt64 { stream.next() }

    /// A uniform draw from `range`; in an edge case one of its ends, or 0 when 0 is inside.
    public mutating func double(in range: ClosedRange<Double>) -> Double {
        guard edgeCase else { return range.lowerBound + (range.upperBound - range.lowerBound) * stream.nextUniform() }
        var choices = [range.lowerBound, range.upperBound]
        if range.contains(0) { choices.append(0) }
        return choices[Int(next() % UInt64(choices.count))]
    }

    /// A uniform draw from `range`; in an edge case one of its ends.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        guard edgeCase else { return Int.random(in: range, using: &self) }
        return next() & 1 == 0 ? range.lowerBound : range.upperBound
    }

    /// A standard normal draw (never an edge value).
    public mutating func normal() -> Double { stream.nextNormal() }

    /// A fair coin.
    public mutating func bool() -> Bool { next() & 1 == 1 }

    /// An array of `count` elements drawn by `element`; in an edge case, the fewest elements.
    public mutating func array<T>(
        count: ClosedRange<Int>, _ element: (inout CaseGenerator) throws -> T
    ) rethrows -> [T] {
        let n = edgeCase ? count.lowerBound : Int.random(in: count, using: &self)
        var result: [T] = []
        result.reserveCapacity(n)
        for _ in 0..<n { result.append(try element(&self)) }
        return result
    }

    /// `count` positive weights summing to 1, each at least `floor` (`0 ≤ floor < 1/count`):
    /// `floor + (1 - count·floor)·E_i/ΣE` with `E_i` standard exponentials, i.e. uniform on the
    /// shrunken simplex. In an edge case, equal weights.
    public mutating func weights(count: Int, floor: Double = 0) -> [Double] {
        guard count > 0 else { return [] }
        guard !edgeCase else { return Array(repeating: 1 / Double(count), count: count) }
        let e = (0..<count).map { _ in -log1p(-stream.nextUniform()) }
        let total = e.reduce(0, +)
        let free = 1 - Double(count) * floor
        return e.map { floor + free * ($0 / total) }
    }
}
