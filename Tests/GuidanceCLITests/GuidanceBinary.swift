import Foundation
import Testing

/// Runs the real `guidance` executable that `swift build`/`swift test` put next to the test
/// bundle, and captures what it prints.
enum GuidanceBinary {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A spec in `Notebooks/specs/`.
    static func spec(_ name: String) -> String { root.appendingPathComponent("Notebooks/specs/\(name)").path }

    /// The `guidance` executable: beside the test runner in the build's products directory.
    static let executable: URL? = product(named: "guidance")

    /// An executable product of the package, beside the test runner.
    static func product(named name: String) -> URL? {
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = runner.deletingLastPathComponent()
        // On macOS the runner sits inside `GuidanceLabPackageTests.xctest/Contents/MacOS`.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as one JSON object.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "stdout is not one JSON object: \(stdout)")
        }

        /// The stderr lines (without the final newline).
        var errorLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// Runs `guidance arguments…` to completion, with `environment` added to the test's own.
    /// Output goes through files, so a large stdout cannot block the child on a full pipe.
    static func run(_ arguments: [String], product name: String = "guidance", environment: [String: String] = [:]) throws -> Output {
        let binary = try #require(product(named: name), "no \(name) executable next to \(CommandLine.arguments[0])")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// A file in a fresh temporary directory holding `text`.
    static func temporaryFile(_ text: String, name: String = "spec.json") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// Reference numerics for the tests, independent of the package.
enum Reference {
    /// `Φ(x)`.
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// `log N(x; mean, variance)`.
    static func logNormal(_ x: Double, mean: Double, variance: Double) -> Double {
        -0.5 * (x - mean) * (x - mean) / variance - 0.5 * log(2 * Double.pi * variance)
    }

    /// `log(e^a + e^b)`.
    static func logAddExp(_ a: Double, _ b: Double) -> Double { max(a, b) + log1p(exp(-abs(a - b))) }

    /// `log Q(u)` and the hazard `φ(u)/Q(u)` for large u, from the asymptotic series
    /// `Q(u) = φ(u)/u · (1 - 1/u² + 3/u⁴ - 15/u⁶ + 105/u⁸ - …)` (relative error below 1e-20
    /// for u > 100).
    static func upperTail(_ u: Double) -> (logQ: Double, hazard: Double) {
        let v = 1 / (u * u)
        let series = 1 - v + 3 * v * v - 15 * v * v * v + 105 * v * v * v * v
        return (-0.5 * u * u - 0.5 * log(2 * Double.pi) - log(u) + log(series), u / series)
    }

    /// A number from a JSON value (the CLI prints non-finite numbers as strings).
    static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if let text = value as? String { return Double(text) }
        return nil
    }

    static func numbers(_ value: Any?) -> [Double] {
        (value as? [Any] ?? []).compactMap(number)
    }
}

/// `|a - b| ≤ tolerance·max(1, |b|)`.
func close(_ a: Double?, _ b: Double, _ tolerance: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}
