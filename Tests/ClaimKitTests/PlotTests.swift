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
        // 20 bars, the background, the frame and the legend's swatch for the bars.
        #expect(names.filter { $0 == "rect" }.count == 20 + 3)
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

    /// A reference series takes its owner's colour (the G1.3 report drew `guided output, w=16`
    /// and `√w, w=16` in different colours); unrelated series get distinct colours.
    @Test func referenceSeriesShareTheirOwnersColour() {
        var chart = LineChart()
        chart.add("guided output, w=16", points: [(0, 0), (1, 1)])
        chart.add("guided output, w=256", points: [(0, 0), (2, 1)])
        chart.add("√w, w=16", points: [(4, 0), (4, 1)], dashed: true, colorOf: "guided output, w=16")
        chart.add("0", points: [(0, 0), (0, 1)], dashed: true)
        let colors = chart.series.map(\.color)
        #expect(colors[2] == colors[0])
        #expect(Set([colors[0], colors[1], colors[3]]).count == 3)
        #expect(chart.legend[2].dash != nil && chart.legend[0].dash == nil)
    }

    /// Attributes of every element named `name`.
    final class AttributeCollector: NSObject, XMLParserDelegate {
        let name: String
        var found: [[String: String]] = []
        init(_ name: String) { self.name = name }
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if element == name { found.append(attributes) }
        }
    }

    func attributes(of name: String, in svg: String) -> [[String: String]] {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = AttributeCollector(name)
        parser.delegate = collector
        _ = parser.parse()
        return collector.found
    }

    /// The legend and the caption sit below the plotting area, so they never cover data; the
    /// document grows to hold them and the default width is the 800 px a code host shows.
    @Test func legendAndCaptionNeverCoverThePlot() throws {
        var frame = PlotFrame(title: "t", xLabel: "x (units)", yLabel: "y", caption: String(repeating: "a long caption ", count: 20))
        frame.height = 400
        var chart = LineChart(frame: frame)
        for k in 0..<9 { chart.add("series number \(k)", points: [(0, Double(k)), (1, Double(k) + 1)], band: [(Double(k) - 0.5, Double(k) + 0.5), (Double(k) + 0.5, Double(k) + 1.5)]) }
        let svg = chart.svg()
        let root = try #require(attributes(of: "svg", in: svg).first)
        #expect(root["width"] == "800")
        let height = try #require(Double(root["height"] ?? ""))
        #expect(height > 400 + 2 * 18)
        let texts = attributes(of: "text", in: svg)
        let plotBottom = frame.yRange.0
        let legendTexts = texts.filter { Double($0["y"] ?? "0")! > 400 }
        #expect(legendTexts.count >= 9 + 2, "9 legend names and at least two caption lines below the plot")
        #expect(legendTexts.allSatisfy { Double($0["y"]!)! <= height && Double($0["y"]!)! > plotBottom })
        #expect(attributes(of: "polygon", in: svg).count == 9)
    }

    /// A log axis over less than two decades still gets ticks inside (1, 2, 5 × 10^k).
    @Test func scatterColoursEachClassAndDrawsItsSupport() {
        var chart = ScatterChart(frame: PlotFrame(title: "two boxes", xLabel: "x₁", yLabel: "x₂", caption: "class + and −"))
        chart.region("support of +", lower: (1, -0.5), upper: (2, 0.5))
        chart.region("support of −", lower: (-2, -0.5), upper: (-1, 0.5))
        chart.add("class +", points: (0..<50).map { (1.0 + Double($0) / 50, 0.1 * sin(Double($0))) }, colorOf: "support of +")
        chart.add("class −", points: (0..<50).map { (-2.0 + Double($0) / 50, 0.1 * cos(Double($0))) }, colorOf: "support of −")
        let svg = chart.svg()
        let (names, error) = elements(svg)
        #expect(error == nil)
        #expect(names.filter { $0 == "circle" }.count >= 100, "one dot per point")
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 >= 2, "each support drawn dashed")
        // Each class's points take its support's colour, and the two classes differ.
        let colours = Dictionary(uniqueKeysWithValues: chart.groups.map { ($0.name, $0.color) })
        #expect(colours["class +"] == colours["support of +"] && colours["class −"] == colours["support of −"])
        #expect(colours["class +"] != colours["class −"])
        #expect(chart.legend.map(\.name) == ["support of +", "support of −", "class +", "class −"])
    }

    @Test func narrowLogAxesGetTicks() {
        let scale = Scale(covering: [1.8, 64], range: (0, 100), logarithmic: true)
        #expect(scale.ticks() == [2, 5, 10, 20, 50])
    }

    /// Renders charts to PNG with `rsvg-convert` (Debian's librsvg2-bin, which .ci/run installs)
    /// when it is installed, to catch files a real renderer rejects; without it the test is
    /// skipped, and the SVGs are only parsed as XML by the tests above.
    static let renderer = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert", "/opt/homebrew/bin/rsvg-convert"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: renderer != nil, "rsvg-convert is not installed (apt-get install librsvg2-bin)"))
    func chartsRenderToPNG() throws {
        let renderer = try #require(Self.renderer)
        var line = LineChart(frame: PlotFrame(title: "t & <u>", xLabel: "w (log)", yLabel: "x", caption: "caption √w"), xLog: true, yLog: true)
        line.add("a", points: [(1, 1), (10, 3), (100, 10)], band: [(0.5, 2), (2, 4), (8, 12)])
        line.add("√w", points: [(1, 1), (100, 10)], dashed: true, colorOf: "a")
        var histogram = Histogram(samples: (0..<300).map { sin(Double($0)) }, bins: 30, frame: PlotFrame(title: "h", caption: "c"))
        histogram.overlay("density", points: [(-1, 0.3), (1, 0.3)])
        histogram.bound(x: 0.5, label: "a2")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var scatter = ScatterChart(frame: PlotFrame(title: "s", xLabel: "x₁", yLabel: "x₂", caption: "c"))
        scatter.region("support", lower: (0, 0), upper: (1, 1))
        scatter.add("samples", points: [(0.2, 0.3), (0.8, 0.9)], colorOf: "support")
        for (name, svg) in [("line", line.svg()), ("histogram", histogram.svg()), ("scatter", scatter.svg()), ("empty", LineChart().svg())] {
            let input = directory.appendingPathComponent("\(name).svg"), output = directory.appendingPathComponent("\(name).png")
            try svg.write(to: input, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: renderer)
            process.arguments = ["-o", output.path, input.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "rsvg-convert rejected \(name).svg")
            let png = try Data(contentsOf: output)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is not a PNG")
            // Width from the IHDR chunk: the 800 px default.
            let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 800)
        }
    }
}
