import Foundation
import PackagePlugin

/// Generates `ClaimRegistry.all` (applied to the Claims target) and one Swift Testing test per
/// claim (applied to PropertyChecks) from the claim files in `Properties/Claims`, by running
/// `ClaimRegistryGenerator` whenever one of them changes. Adding a claim is writing its file.
@main
struct ClaimRegistryPlugin: BuildToolPlugin {
    struct MissingClaimsTarget: Error, CustomStringConvertible {
        var description: String { "ClaimRegistryPlugin: the package has no source target named Claims" }
    }

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let claims = context.package.targets.first(where: { $0.name == "Claims" })?.sourceModule else {
            throw MissingClaimsTarget()
        }
        let sources = claims.sourceFiles(withSuffix: "swift").map(\.url)
        let (mode, name) = target.name == "Claims" ? ("registry", "ClaimRegistry+All.swift") : ("tests", "ClaimChecks.swift")
        let output = context.pluginWorkDirectoryURL.appending(path: name)
        return [
            .buildCommand(
                displayName: "Generating \(name) from \(sources.count) claim files",
                executable: try context.tool(named: "ClaimRegistryGenerator").url,
                arguments: [mode, output.path] + sources.map(\.path),
                inputFiles: sources,
                outputFiles: [output])
        ]
    }
}
