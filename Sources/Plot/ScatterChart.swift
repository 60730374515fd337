/// A 2-D scatter plot: groups of points (one colour each, e.g. one per class or per w) and
/// rectangles drawn as outlines (e.g. the class supports, in their class's colour), on shared
/// linear axes covering both.
///
/// ```swift
/// var chart = ScatterChart(frame: PlotFrame(title: "guided samples", xLabel: "x₁", yLabel: "x₂"))
/// chart.region("support of +", lower: (1, -0.5), upper: (2, 0.5))
/// chart.add("w = 3", points: samples, colorOf: "support of +")
/// let svg = chart.svg()
/// ```
public struct ScatterChart: Sendable {
    /// A named group of points (or a region's outline), in one colour.
    public struct Group: Sendable {
        public var name: String
        public var color: String
        public var points: [(x: Double, y: Double)]
        /// A region: its lower-left and upper-right corners; nil for points.
        public var box: (lower: (Double, Double), upper: (Double, Double))?
    }

    public var frame: PlotFrame
    public private(set) var groups: [Group] = []
    private var colorsUsed = 0

    public init(frame: PlotFrame = PlotFrame()) { self.frame = frame }

    private mutating func color(sharing owner: String?) -> String {
        if let owner, let shared = groups.first(where: { $0.name == owner }) { return shared.color }
        defer { colorsUsed += 1 }
        return PlotFrame.palette[colorsUsed % PlotFrame.palette.count]
    }

    /// Adds points (drawn as small translucent dots); `colorOf` names an earlier group whose colour they take.
    public mutating func add(_ name: String, points: [(Double, Double)], colorOf owner: String? = nil) {
        groups.append(Group(name: name, color: color(sharing: owner), points: points.map { (x: $0.0, y: $0.1) }, box: nil))
    }

    /// Adds a rectangle `[lower.0, upper.0] × [lower.1, upper.1]`, drawn as a dashed outline.
    public mutating func region(_ name: String, lower: (Double, Double), upper: (Double, Double), colorOf owner: String? = nil) {
        groups.append(Group(name: name, color: color(sharing: owner), points: [], box: (lower, upper)))
    }

    /// The legend: a filled swatch per point group, a dashed line per region.
    public var legend: [PlotFrame.LegendEntry] {
        groups.map { PlotFrame.LegendEntry(name: $0.name, color: $0.color, dash: $0.box == nil ? nil : "5 3", filled: $0.box == nil) }
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        var xs: [Double] = [], ys: [Double] = []
        for g in groups {
            xs += g.points.map(\.x)
            ys += g.points.map(\.y)
            if let box = g.box { xs += [box.lower.0, box.upper.0]; ys += [box.lower.1, box.upper.1] }
        }
        let x = Scale(covering: xs, range: frame.xRange, padding: 0.04), y = Scale(covering: ys, range: frame.yRange, padding: 0.04)
        var document = frame.document(legend: legend)
        frame.drawAxes(on: &document, x: x, y: y)
        for g in groups where g.box == nil {
            for p in g.points { document.circle(x: x(p.x), y: y(p.y), r: 1.8, fill: g.color, opacity: 0.45) }
        }
        for g in groups {
            guard let box = g.box else { continue }
            let (l, u) = box
            document.polyline([(x(l.0), y(l.1)), (x(u.0), y(l.1)), (x(u.0), y(u.1)), (x(l.0), y(u.1)), (x(l.0), y(l.1))],
                              stroke: g.color, width: 2, dash: "5 3")
        }
        frame.drawFooter(on: &document, legend: legend)
        return document.render()
    }
}
