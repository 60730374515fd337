import ClaimKit
import Diffusion
import Foundation

/// What a cell runs with: the notebook's folder (paths in cells are relative to it), the profile
/// (`--profile`: `ci` keeps grids small enough for CI, `thorough` makes them 4× finer), and where
/// progress goes.
public struct CellContext: Sendable {
    public var directory: URL
    public var profile: Profile
    public var progress: @Sendable (String) -> Void

    public init(directory: URL, profile: Profile, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.profile = profile
        self.progress = progress
    }

    /// `base` grid points at `ci`, four times as many otherwise.
    public func gridPoints(_ base: Int) -> Int { profile == .ci ? base : 4 * base }

    /// Reads and parses the spec at `path` (relative to the notebook); errors name `key`'s line.
    public func spec(_ path: String, key: String, line: Int) throws -> MixtureSpec {
        let url = directory.appendingPathComponent(path)
        guard let data = try? Data(contentsOf: url) else {
            throw NotebookError.setting(key, path, allowed: "a readable JSON spec, relative to the notebook's folder", line: line)
        }
        do {
            return try MixtureSpec.parse(data)
        } catch let error as ModelError {
            throw NotebookError(line: line, "\(key): \(path): \(error.field): \(error.value) — allowed: \(error.allowed)")
        }
    }

    /// A figure path as written in a cell: relative, under `figures/`, ending in `.svg`.
    public static func figurePath(_ path: String, line: Int) throws(NotebookError) -> String {
        let parts = path.split(separator: "/")
        guard !path.hasPrefix("/"), parts.count >= 2, parts.first == "figures", path.hasSuffix(".svg"), !parts.contains(".."),
              path.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) else {
            throw NotebookError.setting("figure", path, allowed: "figures/NAME.svg (letters, digits, - _ .), relative to the notebook", line: line)
        }
        return path
    }
}

/// A figure a cell made: its path relative to the notebook's folder and the SVG text.
public struct FigureFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// What a cell produced: the output lines (stored between the markers) and its figures.
public struct CellResult: Sendable, Equatable {
    public var lines: [String]
    public var figures: [FigureFile]

    public init(lines: [String], figures: [FigureFile] = []) {
        self.lines = lines
        self.figures = figures
    }
}
