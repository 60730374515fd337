import Foundation

/// `count` indices spread evenly over `0..<total`.
func evenlySpread(_ count: Int, over total: Int) -> [Int] {
    (0..<count).map { Int((Double($0) + 0.5) * Double(total) / Double(count)) }
}

/// `1.23e+07`-style rates.
func rateText(_ value: Double) -> String { String(format: "%.3g", value) }

func benchProgress(_ line: String) {
    FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
