/// A cell's output as the notebook stores it, between the marker lines
///
/// ```
/// <!-- output profile=ci inputs=5f0c9a6e2b1d4c3a -->
/// …lines…
/// <!-- /output -->
/// ```
///
/// A code host hides both markers (they are HTML comments) and shows the lines between them.
/// The opening marker carries `key=value` attributes (no spaces in either): `profile`, the profile
/// the output was made at; `inputs`, the fingerprint of the cell's source at that profile
/// (`CellFingerprint`); `status=error` when the cell failed and the lines show its error.
public struct StoredOutput: Sendable, Equatable {
    public struct Attribute: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public var attributes: [Attribute]
    public var lines: [String]
    /// The line of the opening marker in the notebook (1-based; 0 for an output not read from a file).
    public var line: Int
    /// The marker lines as read (spacing kept, so a notebook is written back byte for byte);
    /// nil for a new output, which gets the canonical markers.
    var writtenMarkers: (opening: String, closing: String)?

    public init(attributes: [Attribute], lines: [String], line: Int = 0) {
        self.attributes = attributes
        self.lines = lines
        self.line = line
    }

    init(attributes: [Attribute], lines: [String], line: Int, opening: String, closing: String) {
        self.init(attributes: attributes, lines: lines, line: line)
        writtenMarkers = (opening, closing)
    }

    public static func == (a: StoredOutput, b: StoredOutput) -> Bool {
        a.attributes == b.attributes && a.lines == b.lines && a.line == b.line
            && a.writtenMarkers?.opening == b.writtenMarkers?.opening && a.writtenMarkers?.closing == b.writtenMarkers?.closing
    }

    public static let openingPrefix = "<!-- output"
    public static let closing = "<!-- /output -->"

    /// The value of attribute `key`, if present.
    public subscript(key: String) -> String? { attributes.first { $0.key == key }?.value }

    /// The opening marker line.
    public var openingMarker: String {
        ([StoredOutput.openingPrefix] + attributes.map { "\($0.key)=\($0.value)" }).joined(separator: " ") + " -->"
    }

    /// The stored form: opening marker, lines, closing marker.
    public var renderedLines: [String] {
        [writtenMarkers?.opening ?? openingMarker] + lines + [writtenMarkers?.closing ?? StoredOutput.closing]
    }

    /// Reads the attributes of an opening marker line (`<!-- output k=v … -->`); nil when `text`
    /// is not an opening marker. A malformed attribute is an error naming the line.
    static func attributes(ofMarker text: String, line: Int) throws(NotebookError) -> [Attribute]? {
        guard text.hasPrefix(openingPrefix) else { return nil }
        let rest = text.dropFirst(openingPrefix.count)
        guard rest.isEmpty || rest.first == " ", rest.hasSuffix("-->") else { return nil }
        var attributes: [Attribute] = []
        for word in rest.dropLast(3).split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw NotebookError(line: line, "output marker attribute `\(word)` — allowed: key=value, no spaces")
            }
            attributes.append(Attribute(String(parts[0]), String(parts[1])))
        }
        return attributes
    }
}
