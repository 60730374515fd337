import Foundation

/// A histogram of samples as a density (bar heights `count / (n · bin width)`, so it integrates
/// to 1 and compares with a density curve), with optional overlaid curves and bound lines.
///
/// ```swift
/// var h = Histogram(samples: xs, bins: 40, frame: PlotFrame(title: "guided samples"))
/// h.overlay("p(x|z)", points: grid.map { ($0, density($0)) })
/// h.bound(x: a2, label: "a2")
/// let svg = h.svg()
/// ```
public struct Histogram: Sendable {
    /// A straight line across the plot: vertical at an x value or horizontal at a y value.
    public enum Bound: Sendable {
        case vertical(x: Double, label: String)
        case horizontal(y: Double, label: String)
    }

    public var frame: PlotFrame
    public let edges: [Double]
    public let densities: [Double]
    public private(set) var curves: [(name: String, points: [(Double, Double)])] = []
    public private(set) var bounds: [Bound] = []

    /// Bins the finite samples into `bins` equal bins over their range (at least one bin).
    public init(samples: [Double], bins: Int, frame: PlotFrame = PlotFrame()) {
        let finite = samples.filter(\.isFinite)
        let count = max(bins, 1)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if low == high { low -= 0.5; high += 0.5 }
        let width = (high - low) / Double(count)
        var counts = Array(repeating: 0, count: count)
        for x in finite {
            let position = (x - low) / width
            counts[position.isFinite ? Int(min(max(position, 0), Double(count - 1))) : 0] += 1
        }
        edges = (0...count).map { low + Double($0) * width }
        densities = counts.map { Double($0) / (Double(max(finite.count, 1)) * width) }
        self.frame = frame
    }

    /// Overlays a curve, e.g. the exact density.
    public mutating func overlay(_ name: String, points: [(Double, Double)]) { curves.append((name, points)) }

    /// Draws a vertical line at `x`.
    public mutating func bound(x: Double, label: String) { bounds.append(.vertical(x: x, label: label)) }

    /// Draws a horizontal line at `y`.
    public mutating func bound(y: Double, label: String) { bounds.append(.horizontal(y: y, label: label)) }

    /// The histogram as a standalone SVG document.
    public func svg() -> String {
        var xs = edges, ys = densities + [0, 1.05 * (densities.max() ?? 0)]
        for curve in curves { xs += curve.points.map(\.0); ys += curve.points.map(\.1) }
        for bound in bounds {
            switch bound {
            case let .vertical(x, _): xs.append(x)
            case let .horizontal(y, _): ys.append(y)
            }
        }
        let x = Scale(covering: xs, range: frame.xRange), y = Scale(covering: ys, range: frame.yRange)
        var document = frame.document(legend: legend)
        for (i, density) in densities.enumerated() {
            let left = x(edges[i]), right = x(edges[i + 1]), top = y(density), base = y(max(y.domain.lowerBound, 0))
            document.element("rect", [
                ("x", SVGDocument.number(left)), ("y", SVGDocument.number(min(top, base))),
                ("width", SVGDocument.number(max(right - left, 0))), ("height", SVGDocument.number(abs(base - top))),
                ("fill", "#9ecae1"), ("stroke", "#3182bd"), ("stroke-width", "0.5"),
            ])
        }
        frame.drawAxes(on: &document, x: x, y: y)
        for (i, curve) in curves.enumerated() {
            document.polyline(curve.points.map { (x($0.0), y($0.1)) }, stroke: Self.curveColor(i), width: 2)
        }
        for bound in bounds {
            switch bound {
            case let .vertical(value, label):
                document.polyline([(x(value), frame.yRange.0), (x(value), frame.yRange.1)], stroke: "#c00", dash: "5 3")
                document.text(label, [("x", SVGDocument.number(x(value) + 4)), ("y", SVGDocument.number(frame.yRange.0 - 6)),
                                      ("fill", "#c00")])
            case let .horizontal(value, label):
                document.polyline([(frame.xRange.0, y(value)), (frame.xRange.1, y(value))], stroke: "#c00", dash: "5 3")
                document.text(label, [("x", SVGDocument.number(frame.xRange.0 + 4)), ("y", SVGDocument.number(y(value) - 4)),
                                      ("fill", "#c00")])
            }
        }
        frame.drawFooter(on: &document, legend: legend)
        return document.render()
    }

    /// The colour of overlaid curve `i` (the palette after the bars' blue).
    static func curveColor(_ i: Int) -> String { PlotFrame.palette[(i + 1) % PlotFrame.palette.count] }

    /// The legend: the bars (`frame`'s title names them) and one entry per curve.
    public var legend: [PlotFrame.LegendEntry] {
        guard !curves.isEmpty else { return [] }
        return [PlotFrame.LegendEntry(name: "histogram (density)", color: "#9ecae1", filled: true)]
            + curves.enumerated().map { PlotFrame.LegendEntry(name: $1.name, color: Self.curveColor($0)) }
    }
}
