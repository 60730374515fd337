import Foundation

/// The claims catalogue (`Properties/Catalogue.md`, written by `guidance check --list
/// --markdown`): every registered claim's info block, its cases and statistical tests under each
/// profile, and the suite's false-alarm budget. A test compares the committed file with this
/// rendering, so the catalogue cannot fall behind the registry.
public enum ClaimCatalogue {
    /// The path of the committed catalogue, relative to the package root.
    public static let path = "Properties/Catalogue.md"

    /// The catalogue of `claims` as Markdown; deterministic (no dates, no paths).
    public static func markdown(_ claims: [AnyClaim]) -> String {
        let profiles: [Profile] = [.ci, .thorough]
        var text = """
            # Claims catalogue

            Generated from the claim registry by `guidance check --list --markdown > \(path)`: do not \
            edit by hand (a test fails when this file and the registry disagree). The setting, formulas \
            and the papers' statements are in `Properties/README.md`; each claim's file in \
            `Properties/Claims/` holds its generator and check.

            """
        for profile in profiles {
            text += "\n" + FalseAlarmBudget(claims: claims, profile: profile).summaryLine + " (profile \(profile.rawValue)).\n"
        }
        text += "\n| id | statement | expectation |\n|---|---|---|\n"
        for claim in claims {
            text += "| [\(claim.id)](#\(anchor(claim.id))) | \(cell(claim.info.statement)) | \(expectation(claim.info)) |\n"
        }
        for claim in claims {
            let info = claim.info
            let counts = profiles.map { "\($0.rawValue): \(claim.casesAt($0)) cases, \(claim.statisticalTests(at: $0)) statistical tests" }
            text += """

                ## \(info.id)

                **\(info.statement)**

                - paper: \(info.paper)
                - setting: \(info.setting)
                - formalisation: \(info.formalisation)
                - tolerance: \(info.tolerance)
                - expectation: \(expectation(info))
                - \(counts.joined(separator: "; "))

                """
        }
        return text
    }

    static func expectation(_ info: ClaimInfo) -> String {
        switch info.expectation {
        case .holds: return "holds"
        case let .knownCounterexample(note): return "known counterexample: " + cell(note)
        }
    }

    /// GitHub's heading anchor of `## id`: lowercase, dots dropped.
    static func anchor(_ id: String) -> String { id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" } }

    /// Text safe inside a table cell (no pipes, no line breaks).
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
