import ArgumentParser
import ClaimKit
import Testing
@testable import guidance

@Suite("guidance check: options and validation")
struct CheckCommandTests {
    /// The message `guidance check` prints for `arguments`, or nil when they parse and validate.
    func failure(_ arguments: [String]) -> String? {
        do {
            _ = try Check.parse(arguments)
            return nil
        } catch {
            return Check.message(for: error)
        }
    }

    @Test func goodOptionsParse() throws {
        let check = try Check.parse(["--profile", "thorough", "--seed", "0x10", "--claim", "N.0", "--replay", "0xff",
                                     "--report-dir", "/tmp/r"])
        #expect(check.profile == "thorough" && check.seed == "0x10" && check.claims == ["N.0"])
        #expect(check.replay == "0xff" && check.reportDir == "/tmp/r" && !check.list)
        #expect(failure(["--claim", "N.0", "--claim", "N.1"]) == nil)
    }

    @Test func badValuesAreNamedInTheMessage() {
        #expect(failure(["--profile", "fast"])?.contains("--profile 'fast'") == true)
        #expect(failure(["--seed", "seven"])?.contains("--seed 'seven'") == true)
        #expect(failure(["--claim", "G9.9"])?.contains("--claim 'G9.9'") == true)
        #expect(failure(["--claim", "N.0", "--replay", "xyz"])?.contains("--replay 'xyz'") == true)
        #expect(failure(["--replay", "0x1"])?.contains("needs exactly one --claim") == true)
    }

    @Test func checkIsASubcommandOfTheRoot() throws {
        let root = try Guidance.parseAsRoot(["check", "--list"])
        #expect((root as? Check)?.list == true)
    }

    @Test func listingShowsIdPaperStatementAndExpectation() {
        let info = ClaimInfo(id: "G1.3", paper: "[G1] Theorem 2", setting: "s", statement: "x_out ≥ √w",
                             formalisation: "f", tolerance: "t", expectation: .knownCounterexample("rate only"))
        #expect(Check.listing(info) == "G1.3  [G1] Theorem 2\n    x_out ≥ √w\n    known counterexample: rate only")
    }
}
