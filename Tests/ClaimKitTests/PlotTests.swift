import Foundation
import Plot
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("SVG plots")
struct PlotTests {
    /// Parses `svg` as XML and returns the element names in document order, or the parse error.
    final class Collector: NSObject, XMLParserDelegate {
        var names: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            names.append(name)
        }
    }

    func elements(_ svg: String) -> (names: [String], error: String?) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        return (collector.names, ok ? nil : String(describing: parser.parserError))
    }

    @Test func lineChartIsWellFormed() {
        var chart = LineChart(frame: PlotFrame(title: "error < bound & \"quotes\"", xLabel: "steps", yLabel: "|e|"),
                              xLog: true, yLog: true)
        chart.add("Heun", points: [(10, 1e-2), (100, 1e-4), (1000, 1e-6)])
        chart.add("Euler", points: [(10, 1e-1), (100, 0), (1000, 1e-3)])
        chart.add("bound", points: [(10, 0.5), (1000, 0.5e-3)], dashed: true)
        let svg = chart.svg()
        let (names, error) = elements(svg)
        #expect(error == nil)
        #expect(names.first == "svg")
        #expect(names.filter { $0 == "polyline" }.count >= 4)
        #expect(names.contains("text"))
        #expect(svg.contains("error &lt; bound &amp; &quot;quotes&quot;"))
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test func histogramWithCurveAndBoundsIsWellFormed() {
        let samples = (0..<500).map { sin(Double($0)) * 2 }
        var histogram = Histogram(samples: samples + [.nan], bins: 20, frame: PlotFrame(title: "samples"))
        histogram.overlay("density", points: stride(from: -2.0, through: 2, by: 0.1).map { ($0, 0.25) })
        histogram.bound(x: 1.5, label: "a2")
        histogram.bound(y: 0.3, label: "β/L")
        let (names, error) = elements(histogram.svg())
        #expect(error == nil)
        #expect(names.filter { $0 == "rect" }.count == 20 + 2)
        let integral = zip(histogram.densities, zip(histogram.edges, histogram.edges.dropFirst()))
            .reduce(0) { $0 + $1.0 * ($1.1.1 - $1.1.0) }
        #expect(abs(integral - 1) < 1e-12)
    }

    @Test func emptyInputsStillGiveADocument() {
        #expect(elements(LineChart().svg()).error == nil)
        #expect(elements(Histogram(samples: [], bins: 0).svg()).error == nil)
    }

    @Test func extremeDataDoNotCrash() {
        var chart = LineChart(yLog: true)
        chart.add("wild", points: [(-1e308, 1e-300), (0, .infinity), (1e308, 1e300), (.nan, 1)])
        #expect(elements(chart.svg()).error == nil)
        var histogram = Histogram(samples: [-1e308, 0, 1e308], bins: 10)
        histogram.bound(x: .infinity, label: "∞")
        #expect(elements(histogram.svg()).error == nil)
        #expect(histogram.densities.count == 10)
        #expect(Scale(covering: [1e20, 1e20.nextUp], range: (0, 1)).ticks().count <= 20)
    }

    @Test func ticksAreNiceAndInside() {
        let linear = Scale(covering: [0.13, 9.7], range: (0, 100))
        #expect(linear.ticks() == [2, 4, 6, 8])
        let log = Scale(covering: [3e-5, 2], range: (0, 100), logarithmic: true)
        let expected = [1e-4, 1e-3, 1e-2, 1e-1, 1]
        #expect(log.ticks().count == 5)
        #expect(zip(log.ticks(), expected).allSatisfy { abs($0 / $1 - 1) < 1e-12 })
        #expect(linear(0.13) == 0 && linear(9.7) == 100)
        #expect(log(-1).isNaN)
    }
}
