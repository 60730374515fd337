/// The plotting area of a chart and its decorations: the frame, ticks with labels on both axes,
/// axis titles, a chart title, and below the plotting area (never over the data) the legend and
/// a caption. Charts use it to share one layout. The default width, 800 px, is what a code host
/// shows a figure at.
public struct PlotFrame: Sendable {
    public var width = 800.0
    /// The height of the title, plotting area and x-axis title; the legend and caption add to it.
    public var height = 440.0
    public var title = ""
    public var xLabel = ""
    public var yLabel = ""
    /// A caption under the legend (wrapped to the width), e.g. the setting and the claim id.
    public var caption = ""
    /// Margins around the plotting area: left, right, top, bottom.
    public var margins = (left: 76.0, right: 24.0, top: 40.0, bottom: 54.0)

    /// One legend row's height, and the height of one caption line.
    static let legendRowHeight = 18.0, captionLineHeight = 16.0
    /// Characters per caption line (12 px sans-serif averages about 6.3 px per character).
    var captionLineLength: Int { max(Int((width - 24) / 6.4), 20) }

    public init(title: String = "", xLabel: String = "", yLabel: String = "", caption: String = "", width: Double = 800, height: Double = 440) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.caption = caption
        self.width = width
        self.height = height
    }

    /// The pixel range of the x axis (left to right) and of the y axis (bottom to top).
    public var xRange: (Double, Double) { (margins.left, width - margins.right) }
    public var yRange: (Double, Double) { (height - margins.bottom, margins.top) }

    /// An empty document sized for the plot, a legend of `entries` and the caption.
    public func document(legend entries: [LegendEntry]) -> SVGDocument {
        let rows = Double(legendRows(entries).count), lines = Double(captionLines.count)
        let footer = (rows > 0 ? rows * Self.legendRowHeight + 8 : 0) + (lines > 0 ? lines * Self.captionLineHeight + 8 : 0)
        return SVGDocument(width: width, height: height + footer)
    }

    /// Draws the frame, the ticks and labels of `x` and `y`, and the titles.
    public func drawAxes(on svg: inout SVGDocument, x: Scale, y: Scale) {
        let (left, right) = xRange, (bottom, top) = yRange
        svg.element("rect", [("x", SVGDocument.number(left)), ("y", SVGDocument.number(top)),
                             ("width", SVGDocument.number(right - left)), ("height", SVGDocument.number(bottom - top)),
                             ("fill", "none"), ("stroke", "#333")])
        for tick in x.ticks() {
            let px = x(tick)
            svg.polyline([(px, bottom), (px, bottom + 5)], stroke: "#333", width: 1)
            svg.text(Scale.label(tick), [("x", SVGDocument.number(px)), ("y", SVGDocument.number(bottom + 18)),
                                         ("text-anchor", "middle")])
        }
        for tick in y.ticks() {
            let py = y(tick)
            svg.polyline([(left - 5, py), (left, py)], stroke: "#333", width: 1)
            svg.text(Scale.label(tick), [("x", SVGDocument.number(left - 8)), ("y", SVGDocument.number(py + 4)),
                                         ("text-anchor", "end")])
        }
        svg.text(xLabel, [("x", SVGDocument.number((left + right) / 2)), ("y", SVGDocument.number(height - 14)),
                          ("text-anchor", "middle"), ("font-size", "13")])
        let yMid = SVGDocument.number((top + bottom) / 2)
        svg.text(yLabel, [("x", "18"), ("y", yMid), ("text-anchor", "middle"), ("font-size", "13"),
                          ("transform", "rotate(-90 18 \(yMid))")])
        svg.text(title, [("x", SVGDocument.number(width / 2)), ("y", "24"), ("text-anchor", "middle"),
                         ("font-size", "15"), ("font-weight", "bold")])
    }

    /// One legend entry: a swatch in the series' colour and line style, and its name.
    public struct LegendEntry: Sendable, Equatable {
        public var name: String
        public var color: String
        public var dash: String?
        /// A filled square (a histogram's bars, a scatter's points) instead of a line.
        public var filled: Bool

        public init(name: String, color: String, dash: String? = nil, filled: Bool = false) {
            self.name = name
            self.color = color
            self.dash = dash
            self.filled = filled
        }
    }

    /// The entries laid out in rows under the plot: as many per row as fit the width, each column
    /// as wide as the longest name.
    func legendRows(_ entries: [LegendEntry]) -> [[LegendEntry]] {
        guard !entries.isEmpty else { return [] }
        let column = Self.legendColumnWidth(entries)
        let perRow = max(Int((width - margins.left) / column), 1)
        return stride(from: 0, to: entries.count, by: perRow).map { Array(entries[$0..<min($0 + perRow, entries.count)]) }
    }

    static func legendColumnWidth(_ entries: [LegendEntry]) -> Double {
        Double(entries.map(\.name.count).max() ?? 0) * 6.6 + 40
    }

    /// Draws the legend under the x-axis title, outside the plotting area, so it never covers data.
    public func drawLegend(on svg: inout SVGDocument, entries: [LegendEntry]) {
        let column = Self.legendColumnWidth(entries)
        for (r, row) in legendRows(entries).enumerated() {
            let y = height + 6 + Self.legendRowHeight * Double(r)
            for (c, entry) in row.enumerated() {
                let x = margins.left + column * Double(c)
                if entry.filled {
                    svg.element("rect", [("x", SVGDocument.number(x)), ("y", SVGDocument.number(y - 10)), ("width", "18"), ("height", "10"),
                                         ("fill", entry.color), ("fill-opacity", "0.6")])
                } else {
                    svg.polyline([(x, y - 4), (x + 18, y - 4)], stroke: entry.color, width: 2.5, dash: entry.dash)
                }
                svg.text(entry.name, [("x", SVGDocument.number(x + 24)), ("y", SVGDocument.number(y))])
            }
        }
    }

    /// The caption's lines, wrapped at word boundaries to the width.
    var captionLines: [String] {
        var lines: [String] = [], current = ""
        for word in caption.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > captionLineLength {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Draws the caption under the legend (`legend`: the entries the legend was drawn with).
    public func drawCaption(on svg: inout SVGDocument, below legend: [LegendEntry]) {
        let rows = Double(legendRows(legend).count)
        let top = height + (rows > 0 ? rows * Self.legendRowHeight + 8 : 0) + 8
        for (i, line) in captionLines.enumerated() {
            svg.text(line, [("x", "12"), ("y", SVGDocument.number(top + Self.captionLineHeight * Double(i) + 4)),
                            ("fill", "#333"), ("font-style", "italic")])
        }
    }

    /// Draws legend and caption: what every chart does after its data.
    public func drawFooter(on svg: inout SVGDocument, legend: [LegendEntry]) {
        drawLegend(on: &svg, entries: legend)
        drawCaption(on: &svg, below: legend)
    }

    /// Colours for successive series (colour-blind safe, Okabe–Ito).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
}
