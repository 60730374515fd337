import Foundation

/// Writes the claim registry and the claim tests from the claim files themselves, so that a
/// claim is declared once: the `ClaimRegistryPlugin` build plugin runs this tool on every build.
///
///     ClaimRegistryGenerator registry OUTPUT FILE...   ClaimRegistry.all, in the Claims module
///     ClaimRegistryGenerator tests OUTPUT FILE...      one @Test per claim, in PropertyChecks
///
/// A claim is a stored property `static let NAME = Claim<Case>(` of a top-level type, whose
/// `ClaimInfo(id: "…", …, statement: "…", …)` follows it (`ClaimDeclaration.scan`). Claims are
/// listed in the order of their files' names, then of their declarations in a file. A file with
/// a `ClaimInfo(` that is not part of such a declaration, a repeated id or an id that is no plain
/// string stops the build with an error naming the file and line: nothing is left out quietly.
struct GeneratorFailure: Error, CustomStringConvertible {
    let description: String
}

let arguments = CommandLine.arguments.dropFirst()
do {
    guard arguments.count >= 2, let mode = arguments.first, ["registry", "tests"].contains(mode) else {
        throw GeneratorFailure(description: "usage: ClaimRegistryGenerator registry|tests OUTPUT FILE...")
    }
    let output = URL(fileURLWithPath: arguments[arguments.startIndex + 1])
    let files = arguments.dropFirst(2).map { URL(fileURLWithPath: $0) }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
    var claims: [ClaimDeclaration] = []
    for file in files {
        claims += try ClaimDeclaration.scan(try String(contentsOf: file, encoding: .utf8), file: file.path)
    }
    var seen: [String: ClaimDeclaration] = [:]
    for claim in claims {
        if let first = seen[claim.id] {
            throw GeneratorFailure(description: "\(claim.location): error: claim id \"\(claim.id)\" is already declared at \(first.location)")
        }
        seen[claim.id] = claim
    }
    let text = mode == "registry" ? ClaimDeclaration.registrySource(claims) : ClaimDeclaration.testSource(claims)
    // Always written: the build runs this only when a claim file changed, and an output older
    // than its inputs would make it run on every build.
    try text.write(to: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
