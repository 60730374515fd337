import Foundation

/// A standalone SVG document built from elements: `<svg xmlns=… width height viewBox>` with a
/// white background, then the elements in the order added. Text and attribute values are
/// escaped, so any string can be passed in.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var elements: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Adds `<name attributes…/>`.
    public mutating func element(_ name: String, _ attributes: [(String, String)]) {
        elements.append("<\(name) \(SVGDocument.attributes(attributes))/>")
    }

    /// Adds `<text attributes…>content</text>`.
    public mutating func text(_ content: String, _ attributes: [(String, String)]) {
        elements.append("<text \(SVGDocument.attributes(attributes))>\(SVGDocument.escape(content))</text>")
    }

    /// A polyline through `points`; non-finite points break the line into pieces.
    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, dash: String? = nil) {
        var piece: [String] = []
        func flush() {
            if piece.count > 1 {
                var attributes = [("points", piece.joined(separator: " ")), ("fill", "none"), ("stroke", stroke),
                                  ("stroke-width", SVGDocument.number(width))]
                if let dash { attributes.append(("stroke-dasharray", dash)) }
                element("polyline", attributes)
            }
            piece = []
        }
        for p in points {
            if p.x.isFinite && p.y.isFinite {
                piece.append("\(SVGDocument.number(p.x)),\(SVGDocument.number(p.y))")
            } else {
                flush()
            }
        }
        flush()
    }

    /// A closed filled polygon through `points` (e.g. a ±sd band); nothing when a point is not finite.
    public mutating func polygon(_ points: [(x: Double, y: Double)], fill: String, opacity: Double) {
        guard points.count > 2, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        element("polygon", [("points", points.map { "\(SVGDocument.number($0.x)),\(SVGDocument.number($0.y))" }.joined(separator: " ")),
                            ("fill", fill), ("fill-opacity", SVGDocument.number(opacity)), ("stroke", "none")])
    }

    /// A filled circle of radius `r` at `(x, y)`; nothing when the point is not finite.
    public mutating func circle(x: Double, y: Double, r: Double, fill: String, opacity: Double = 1) {
        guard x.isFinite && y.isFinite else { return }
        element("circle", [("cx", SVGDocument.number(x)), ("cy", SVGDocument.number(y)), ("r", SVGDocument.number(r)),
                           ("fill", fill), ("fill-opacity", SVGDocument.number(opacity))])
    }

    /// The document's text.
    public func render() -> String {
        let w = SVGDocument.number(width), h = SVGDocument.number(height)
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
                + "font-family=\"sans-serif\" font-size=\"12\">",
            "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"white\"/>",
        ]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `&`, `<`, `>`, `"` and `'` as XML entities; control characters other than tab and
    /// newline dropped (XML 1.0 does not allow them).
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A coordinate with at most two decimals; `0` for a non-finite one (which no drawing
    /// routine passes on purpose).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let rounded = (x * 100).rounded() / 100
        guard abs(rounded) < 1e15 else { return String(format: "%.0f", rounded) }
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: " ")
    }
}
