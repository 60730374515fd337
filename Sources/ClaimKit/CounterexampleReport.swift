import Foundation

/// What a claim adds to the report of its counterexample: a mixture spec the command-line tool
/// reads (JSON), extra figures, and an SVG plot (`Plot`).
///
/// `write` puts, per failing claim, into the report folder (`GUIDANCE_REPORTS`, default
/// `reports/`): `<id>-<seedhex>.json` (claim, seeds, the shrunk and original cases, and the
/// spec), `<id>-<seedhex>.spec.json` when there is a spec, `<id>-<seedhex>.svg` when there is a
/// plot, and `<id>-<seedhex>.md`, a summary for people.
public struct CounterexampleReport: Sendable {
    /// A JSON text (object) describing the case's mixture in the form the CLI reads.
    public var specJSON: String?
    public var figures: [Figure]
    /// A standalone SVG document.
    public var svg: String?

    public init(specJSON: String? = nil, figures: [Figure] = [], svg: String? = nil) {
        self.specJSON = specJSON
        self.figures = figures
        self.svg = svg
    }

    /// Writes the report files and returns those written, with a warning per file that could
    /// not be written (writing never throws).
    public func write(
        to directory: URL, info: ClaimInfo, counterexample c: Counterexample
    ) -> (files: [URL], warnings: [String]) {
        let stem = "\(info.id)-\(c.caseSeed.bareHex)"
        var documents: [(String, String)] = [("json", json(info: info, counterexample: c))]
        if let specJSON { documents.append(("spec.json", specJSON)) }
        if let svg { documents.append(("svg", svg)) }
        documents.append(("md", markdown(info: info, counterexample: c, stem: stem)))
        var files: [URL] = [], warnings: [String] = []
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return ([], ["cannot create report folder \(directory.path): \(error.localizedDescription)"])
        }
        for (ext, text) in documents {
            let url = directory.appendingPathComponent("\(stem).\(ext)")
            do {
                try text.write(to: url, atomically: true, encoding: .utf8)
                files.append(url)
            } catch {
                warnings.append("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        return (files, warnings)
    }

    /// The machine-readable report: a JSON object whose `case`, `originalCase` and `spec` are
    /// the JSON texts themselves (not strings).
    func json(info: ClaimInfo, counterexample c: Counterexample) -> String {
        let allFigures = c.verdict.figures + figures
        var fields = [
            ("claim", CaseCoding.encode(info.id)), ("paper", CaseCoding.encode(info.paper)),
            ("masterSeed", CaseCoding.encode(MasterSeed.hex(c.masterSeed))),
            ("caseSeed", CaseCoding.encode(c.caseSeed.hex)), ("reason", CaseCoding.encode(c.verdict.reason ?? "")),
            ("figures", CaseCoding.encode(allFigures)), ("case", c.shrunkJSON), ("originalCase", c.originalJSON),
            ("replay", CaseCoding.encode(c.replay.testCommand)),
        ]
        if let specJSON, RegressionStore.isJSON(specJSON) { fields.append(("spec", specJSON)) }
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    func markdown(info: ClaimInfo, counterexample c: Counterexample, stem: String) -> String {
        var lines = [
            "# Counterexample to \(info.id)", "",
            "- Paper: \(info.paper)", "- Setting: \(info.setting)", "- Statement: \(info.statement)",
            "- Formalisation: \(info.formalisation)", "- Tolerance: \(info.tolerance)",
        ]
        if case let .knownCounterexample(note) = info.expectation { lines.append("- Known counterexample: \(note)") }
        lines += [
            "", "## Verdict", "", c.verdict.reason ?? "", "",
            "Found as \(c.origin), master seed `\(MasterSeed.hex(c.masterSeed))`, case seed `\(c.caseSeed.hex)`; "
                + "shrunk in \(c.shrinkSteps) steps (\(c.shrinkChecks) checks).", "",
            "- shrunk case: `\(c.shrunkJSON)`", "- original case: `\(c.originalJSON)`", "",
            "## Figures", "",
        ]
        lines += (c.verdict.figures + figures).map { "- \($0)" }
        lines += ["", "## Replay", "", "```", c.replay.testCommand, c.replay.cliCommand, "```"]
        if svg != nil { lines += ["", "![plot](\(stem).svg)"] }
        return lines.joined(separator: "\n") + "\n"
    }
}
