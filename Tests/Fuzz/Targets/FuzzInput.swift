import Foundation

/// How a fuzz input is read: a text whose part before the last line `--` is the payload (a spec's
/// JSON, or CLI arguments one per line) and whose part after it is a list of numbers the target
/// uses to choose where to evaluate (times, guidance parameters, points). Without a `--` line
/// the whole input is the payload and the targets use their default grids, so every seed spec is
/// a valid input as it is, and the fuzzer can still reach the numbers by inserting the line.
public struct FuzzInput {
    public let payload: Data
    /// The numbers after `--`: anything `Double` reads (`nan` and `inf` included), separated by
    /// spaces, commas or newlines; at most 64 are kept.
    public let numbers: [Double]

    public init(_ data: Data) {
        let separator = Data("\n--\n".utf8)
        guard let range = data.range(of: separator, options: .backwards) else {
            (payload, numbers) = (data, [])
            return
        }
        payload = data.subdata(in: data.startIndex..<range.lowerBound)
        let tail = String(decoding: data.subdata(in: range.upperBound..<data.endIndex), as: UTF8.self)
        numbers = tail.split(whereSeparator: { " ,\n\t".contains($0) }).prefix(64).compactMap { Double(String($0)) }
    }

    /// The i-th number, or `fallback` when the input gave fewer.
    public func number(_ i: Int, else fallback: Double) -> Double { i < numbers.count ? numbers[i] : fallback }
}
