import Foundation
import Testing

/// The generator behind `ClaimRegistry.all` and the claim tests (run by `ClaimRegistryPlugin` on
/// every build): it registers each `static let NAME = Claim<Case>(ClaimInfo(id: …))` and stops
/// the build, naming the file and line, on anything it would otherwise leave out.
@Suite("ClaimRegistryGenerator")
struct ClaimRegistryGeneratorTests {
    static let claim = """
        enum Tails {
            static let sum = Claim<Double>(
                ClaimInfo(
                    id: "T.1", paper: "p", setting: "s", statement: "Φ + Q = 1",
                    formalisation: "f", tolerance: "t"),
                generate: { g in g.double(in: -1...1) },
                check: { _, _ in .holds() })
        }
        """

    func generate(_ mode: String, _ files: [String: String]) throws -> (GuidanceBinary.Output, String) {
        let paths = try files.map { try GuidanceBinary.temporaryFile($0.value, name: $0.key) }
        let output = URL(fileURLWithPath: paths[0]).deletingLastPathComponent().appendingPathComponent("out.swift").path
        let result = try GuidanceBinary.run([mode, output] + paths, product: "ClaimRegistryGenerator")
        return (result, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    @Test("A declared claim is registered and gets a test that --filter finds")
    func registersDeclaredClaim() throws {
        let (registry, registryText) = try generate("registry", ["A.swift": Self.claim])
        #expect(registry.status == 0, "\(registry.stderr)")
        #expect(registryText.contains("Tails.sum.erased,  // T.1"))
        let (tests, testText) = try generate("tests", ["A.swift": Self.claim])
        #expect(tests.status == 0, "\(tests.stderr)")
        #expect(testText.contains(#"@Test("T.1 Φ + Q = 1") func claim_T_1()"#))
        #expect(testText.contains(#"ClaimRegistry.claim("T.1")"#))
    }

    @Test("A ClaimInfo outside a claim declaration stops the build with its file and line")
    func strayInfoFails() throws {
        let stray = "enum Loose {\n    static func make() -> ClaimInfo {\n        ClaimInfo(id: \"T.2\", paper: \"\", setting: \"\", statement: \"\", formalisation: \"\", tolerance: \"\")\n    }\n}\n"
        let (result, _) = try generate("registry", ["B.swift": stray])
        #expect(result.status != 0)
        #expect(result.stderr.contains("B.swift:3: error:"), "\(result.stderr)")
    }

    @Test("An id declared twice stops the build naming both places")
    func duplicateIDFails() throws {
        let (result, _) = try generate("tests", ["A.swift": Self.claim, "B.swift": Self.claim.replacingOccurrences(of: "Tails", with: "Other")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("claim id \"T.1\" is already declared at"), "\(result.stderr)")
    }
}
