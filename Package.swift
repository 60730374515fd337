// swift-tools-version: 6.1
//
// GuidanceLab: the claims of three papers on classifier-free guidance as properties that
// `swift test` checks against exact numerics (GSL) and a full sampler.
//
// Dependency arrows point one way:
//   CGSL <- GuidanceNumerics <- Diffusion <- ClaimKit <- Claims (Properties/) <- guidance, PropertyChecks
//   Diffusion, KernelHost <- CUDASampler <- guidance
// ClaimRegistryPlugin writes Claims' registry and PropertyChecks' tests from the claim files.
import PackageDescription

let package = Package(
    name: "GuidanceLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "guidance", targets: ["guidance"]),
        .library(name: "Diffusion", targets: ["Diffusion"]),
        .library(name: "ClaimKit", targets: ["ClaimKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        .target(name: "GuidanceNumerics", dependencies: ["CGSL"], exclude: ["MillsRatioTable.py"]),
        .target(name: "Diffusion", dependencies: ["GuidanceNumerics", "CGSL"]),
        .target(name: "Plot"),
        // The GPU target: CUDA's driver and NVRTC loaded at run time (no CUDA at build time).
        // Each kernel file's text is compiled into the binary (PackageResources.<file>), ready for
        // NVRTC; a new file in Kernels/ goes here and in SamplerKernels.headers.
        .target(
            name: "CUDASampler", dependencies: ["GuidanceNumerics", "Diffusion", "KernelHost"],
            resources: [
                .embedInCode("Kernels/box_family.cuh"),
                .embedInCode("Kernels/gaussian_families.cuh"),
                .embedInCode("Kernels/gl_prelude.cuh"),
                .embedInCode("Kernels/guided_sampler.cu"),
                .embedInCode("Kernels/guided_score.cuh"),
                .embedInCode("Kernels/kernel_variants.h"),
                .embedInCode("Kernels/normal_segment.cuh"),
                .embedInCode("Kernels/particle_run.cuh"),
                .embedInCode("Kernels/philox.cuh"),
                .embedInCode("Kernels/sampler_abi.h"),
                .embedInCode("Kernels/score_error.cuh"),
                .embedInCode("Kernels/update_rules.cuh"),
            ]),
        .target(name: "ClaimKit", dependencies: ["GuidanceNumerics", "Diffusion", "Plot"]),
        .target(
            name: "Claims", dependencies: ["GuidanceNumerics", "Diffusion", "Plot", "ClaimKit"], path: "Properties/Claims",
            plugins: ["ClaimRegistryPlugin"]),
        // A claim is declared once, in its file: this plugin writes ClaimRegistry.all and one test per claim from the files.
        .executableTarget(name: "ClaimRegistryGenerator"),
        .plugin(
            name: "ClaimRegistryPlugin", capability: .buildTool(), dependencies: ["ClaimRegistryGenerator"],
            path: "Sources/ClaimRegistryPlugin"),
        // Text notebooks (Notebooks/README.md): the format, its cells and experiments (which call the claims' own
        // settings and functions); no CLI.
        .target(name: "Notebook", dependencies: ["GuidanceNumerics", "Diffusion", "Plot", "ClaimKit", "Claims"]),
        .target(
            name: "GuidanceCLI",
            dependencies: [
                "GuidanceNumerics", "Diffusion", "ClaimKit", "Claims", "Notebook", "CUDASampler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "guidance", dependencies: ["GuidanceCLI"]),
        // The CUDA kernel source (Sources/CUDASampler/Kernels) compiled for the host and run over
        // simulated threads, for the tests against the CPU sampler (issue 15).
        .target(name: "KernelHost", cxxSettings: [.headerSearchPath("../CUDASampler/Kernels")]),
        .testTarget(name: "GuidanceNumericsTests", dependencies: ["GuidanceNumerics", "CGSL"]),
        .testTarget(name: "DiffusionTests", dependencies: ["GuidanceNumerics", "Diffusion"]),
        .testTarget(name: "ClaimKitTests", dependencies: ["ClaimKit", "Plot", "Diffusion", "GuidanceNumerics"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "ClaimKit"]),
        .testTarget(name: "CUDASamplerTests", dependencies: ["CUDASampler"]),
        .testTarget(name: "KernelHostTests", dependencies: ["KernelHost", "GuidanceNumerics", "Diffusion"]),
        .testTarget(name: "GuidanceCLITests", dependencies: ["guidance", "ClaimKit"]),
        // Fuzzing (Tests/Fuzz/README.md): the targets, and their seeds and crash inputs replayed.
        .target(name: "FuzzTargets", dependencies: ["Diffusion", "ClaimKit", "GuidanceCLI", "Notebook"], path: "Tests/Fuzz/Targets"),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Replay"),
        .testTarget(
            name: "PropertyChecks",
            dependencies: ["Claims", "ClaimKit"],
            path: "Properties/Checks",
            plugins: ["ClaimRegistryPlugin"]
        ),
    ]
)

// The libFuzzer driver, only when asked (`GUIDANCE_FUZZ=1`, as `.ci/fuzz` builds it with
// `-sanitize=fuzzer,address` on every module): a normal build has no fuzzer runtime to link.
if Context.environment["GUIDANCE_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "GuidanceFuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver"))
}
