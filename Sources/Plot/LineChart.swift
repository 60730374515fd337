/// A line chart of several series over shared axes, optionally logarithmic on either axis
/// (points a log axis cannot show, `v ≤ 0`, break the line).
///
/// ```swift
/// var chart = LineChart(frame: PlotFrame(title: "error", xLabel: "steps", yLabel: "|e|"), xLog: true, yLog: true)
/// chart.add("Heun", points: zip(steps, errors).map { ($0, $1) })
/// let svg = chart.svg()
/// ```
public struct LineChart: Sendable {
    /// One named series of points, drawn in order.
    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        public var dashed: Bool
    }

    /// A data point.
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
    }

    public var frame: PlotFrame
    public var xLog: Bool
    public var yLog: Bool
    public private(set) var series: [Series] = []

    public init(frame: PlotFrame = PlotFrame(), xLog: Bool = false, yLog: Bool = false) {
        self.frame = frame
        self.xLog = xLog
        self.yLog = yLog
    }

    /// Adds a series; `dashed` draws it as a dashed line (e.g. a bound or a reference).
    public mutating func add(_ name: String, points: [(Double, Double)], dashed: Bool = false) {
        series.append(Series(name: name, points: points.map { Point(x: $0.0, y: $0.1) }, dashed: dashed))
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let all = series.flatMap(\.points)
        let x = Scale(covering: all.map(\.x), range: frame.xRange, logarithmic: xLog)
        let y = Scale(covering: all.map(\.y), range: frame.yRange, logarithmic: yLog, padding: 0.04)
        var document = SVGDocument(width: frame.width, height: frame.height)
        frame.drawAxes(on: &document, x: x, y: y)
        var legend: [(name: String, color: String)] = []
        for (i, s) in series.enumerated() {
            let color = PlotFrame.palette[i % PlotFrame.palette.count]
            document.polyline(s.points.map { (x($0.x), y($0.y)) }, stroke: color, dash: s.dashed ? "6 4" : nil)
            legend.append((s.name, color))
        }
        frame.drawLegend(on: &document, entries: legend)
        return document.render()
    }
}
