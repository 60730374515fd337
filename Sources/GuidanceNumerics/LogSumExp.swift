import Foundation
/// `log Σ exp(x_i)` without overflow or underflow: the largest term is factored out.
///
/// Returns `-∞` for an empty input or when every term is `-∞`.
@inlinable
public func logSumExp(_ terms: UnsafeBufferPointer<Double>) -> Double {
    var top = -Double.infinity
    for x in terms where x > top { top = x }
    guard top.isFinite else { return top }
    var sum = 0.0
    for x in terms { sum += exp(x - top) }
    return top + log(sum)
}

@inlinable
public func logSumExp(_ terms: [Double]) -> Double {
    terms.withUnsafeBufferPointer { logSumExp($0) }
}
