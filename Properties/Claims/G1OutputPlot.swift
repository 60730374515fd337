import Diffusion
import Foundation
import Plot

/// The plot in a [G1] counterexample report: the exact CDF of the guided output,
/// `P(x_out ≤ x)`, at a few w (from the flow map, `G1Setting.flow`: the points are the output's
/// q-quantiles for q from 1e-4 to 1 - 1e-4), against the claim's bounds drawn as dashed vertical
/// lines (a support end, `√w`, …); a bound that belongs to one w (`√w` at that w) takes that
/// w's colour.
enum G1OutputPlot {
    /// A dashed vertical line at `x`; `w` when it belongs to the output at that w.
    struct Bound {
        var name: String
        var x: Double
        var w: Double? = nil
    }

    static func seriesName(_ w: Double) -> String { "guided output, \(G1Setting.at(w))" }

    static let levels: [Double] = {
        let middle: [Double] = (1...19).map { Double($0) / 20 }
        return [1e-4, 1e-3, 0.01] + middle + [0.99, 0.999, 1 - 1e-4]
    }()

    /// The SVG, or nil when a flow map fails (the report then carries the spec and figures only).
    static func svg(
        _ spec: MixtureSpec, title: String, ws: [Double], scoreError: ScoreErrorModel? = nil, bounds: [Bound]
    ) -> String? {
        var chart = LineChart(frame: PlotFrame(title: title, xLabel: "x", yLabel: "P(x_out ≤ x)"))
        do {
            for w in ws {
                let flow = try G1Setting.flow(spec, w: w, scoreError: scoreError)
                chart.add(seriesName(w), points: try levels.map { (try flow.quantile($0), $0) })
            }
        } catch {
            return nil
        }
        for bound in bounds { chart.add(bound.name, points: [(bound.x, 0), (bound.x, 1)], dashed: true, colorOf: bound.w.map(seriesName)) }
        return chart.svg()
    }
}
