/// A line chart of several series over shared axes, optionally logarithmic on either axis
/// (points a log axis cannot show, `v ≤ 0`, break the line). A series may carry a band (e.g.
/// mean ± 1 sd), drawn as a translucent area in its colour; a reference series (a bound, an
/// exact value) can share the colour of the series it belongs to (`colorOf:`) and is told apart
/// by its dashes, so `guided output, w=16` and `√w, w=16` are one colour.
///
/// ```swift
/// var chart = LineChart(frame: PlotFrame(title: "error", xLabel: "steps", yLabel: "|e|"), xLog: true, yLog: true)
/// chart.add("Heun", points: zip(steps, errors).map { ($0, $1) })
/// chart.add("order 2", points: steps.map { ($0, 1 / ($0 * $0)) }, dashed: true, colorOf: "Heun")
/// let svg = chart.svg()
/// ```
public struct LineChart: Sendable {
    /// One named series of points, drawn in order.
    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        public var dashed: Bool
        public var color: String
        /// The band's lower and upper value at each point's x (same count as `points`), or empty.
        public var band: [(low: Double, high: Double)]
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
    /// How many palette colours are in use (reference series reuse theirs).
    private var colorsUsed = 0

    public init(frame: PlotFrame = PlotFrame(), xLog: Bool = false, yLog: Bool = false) {
        self.frame = frame
        self.xLog = xLog
        self.yLog = yLog
    }

    /// Adds a series; `dashed` draws it as a dashed line (e.g. a bound or a reference); `colorOf`
    /// names an earlier series whose colour it takes (otherwise the palette's next); `band` gives
    /// a `(low, high)` range per point, drawn as a translucent area (e.g. mean ± 1 sd).
    public mutating func add(_ name: String, points: [(Double, Double)], dashed: Bool = false, colorOf owner: String? = nil,
                             band: [(Double, Double)] = []) {
        let color: String
        if let owner, let shared = series.first(where: { $0.name == owner }) {
            color = shared.color
        } else {
            color = PlotFrame.palette[colorsUsed % PlotFrame.palette.count]
            colorsUsed += 1
        }
        series.append(Series(name: name, points: points.map { Point(x: $0.0, y: $0.1) }, dashed: dashed, color: color,
                             band: band.count == points.count ? band.map { (low: $0.0, high: $0.1) } : []))
    }

    /// The legend: one entry per series, in its colour and line style.
    public var legend: [PlotFrame.LegendEntry] {
        series.map { PlotFrame.LegendEntry(name: $0.name, color: $0.color, dash: $0.dashed ? "6 4" : nil) }
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let all = series.flatMap(\.points)
        let bandValues = series.flatMap { $0.band.flatMap { [$0.low, $0.high] } }
        let x = Scale(covering: all.map(\.x), range: frame.xRange, logarithmic: xLog)
        let y = Scale(covering: all.map(\.y) + bandValues, range: frame.yRange, logarithmic: yLog, padding: 0.04)
        var document = frame.document(legend: legend)
        for s in series where !s.band.isEmpty {
            let upper = zip(s.points, s.band).map { (x($0.x), y($1.high)) }
            let lower = zip(s.points, s.band).reversed().map { (x($0.x), y($1.low)) }
            document.polygon(upper + lower, fill: s.color, opacity: 0.18)
        }
        frame.drawAxes(on: &document, x: x, y: y)
        for s in series {
            document.polyline(s.points.map { (x($0.x), y($0.y)) }, stroke: s.color, width: 2, dash: s.dashed ? "6 4" : nil)
        }
        frame.drawFooter(on: &document, legend: legend)
        return document.render()
    }
}
