/// The plotting area of a chart and its decorations: the frame, ticks with labels on both axes,
/// axis titles, a chart title and a legend. Charts use it to share one layout.
public struct PlotFrame: Sendable {
    public var width = 640.0
    public var height = 400.0
    public var title = ""
    public var xLabel = ""
    public var yLabel = ""
    /// Margins around the plotting area: left, right, top, bottom.
    public var margins = (left: 70.0, right: 20.0, top: 36.0, bottom: 50.0)

    public init(title: String = "", xLabel: String = "", yLabel: String = "", width: Double = 640, height: Double = 400) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// The pixel range of the x axis (left to right) and of the y axis (bottom to top).
    public var xRange: (Double, Double) { (margins.left, width - margins.right) }
    public var yRange: (Double, Double) { (height - margins.bottom, margins.top) }

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
        svg.text(xLabel, [("x", SVGDocument.number((left + right) / 2)), ("y", SVGDocument.number(height - 10)),
                          ("text-anchor", "middle")])
        let yMid = SVGDocument.number((top + bottom) / 2)
        svg.text(yLabel, [("x", "16"), ("y", yMid), ("text-anchor", "middle"), ("transform", "rotate(-90 16 \(yMid))")])
        svg.text(title, [("x", SVGDocument.number(width / 2)), ("y", "22"), ("text-anchor", "middle"),
                         ("font-size", "15")])
    }

    /// A legend in the top right corner of the plotting area: one colour swatch per name.
    public func drawLegend(on svg: inout SVGDocument, entries: [(name: String, color: String)]) {
        let x = xRange.1 - 150
        for (i, entry) in entries.enumerated() {
            let y = yRange.1 + 16 + 16 * Double(i)
            svg.polyline([(x, y - 4), (x + 18, y - 4)], stroke: entry.color, width: 3)
            svg.text(entry.name, [("x", SVGDocument.number(x + 24)), ("y", SVGDocument.number(y))])
        }
    }

    /// Colours for successive series (colour-blind safe, Okabe–Ito).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
}
