/// The guided-sampler kernels (`Kernels/guided_sampler.cu` and its headers), as compiled into
/// the binary (`PackageResources`, the package's `embedInCode` resources): the text NVRTC gets.
public enum SamplerKernels {
    /// The main file and every header it includes, by include name. A new file in `Kernels/`
    /// is added here and in Package.swift (a test checks every `#include` is here).
    public static let source = KernelSource(
        file: "guided_sampler.cu", text: text(PackageResources.guided_sampler_cu),
        headers: [
            "box_family.cuh": text(PackageResources.box_family_cuh),
            "gaussian_families.cuh": text(PackageResources.gaussian_families_cuh),
            "gl_prelude.cuh": text(PackageResources.gl_prelude_cuh),
            "guided_score.cuh": text(PackageResources.guided_score_cuh),
            "kernel_variants.h": text(PackageResources.kernel_variants_h),
            "normal_segment.cuh": text(PackageResources.normal_segment_cuh),
            "particle_run.cuh": text(PackageResources.particle_run_cuh),
            "philox.cuh": text(PackageResources.philox_cuh),
            "sampler_abi.h": text(PackageResources.sampler_abi_h),
            "score_error.cuh": text(PackageResources.score_error_cuh),
            "update_rules.cuh": text(PackageResources.update_rules_cuh),
        ])

    /// The families `kernel_variants.h` lists, in order (its `GL_KERNEL_FAMILY(name)` lines).
    public static let families: [String] = familyLines(source.headers["kernel_variants.h"] ?? "").map(\.family)

    /// The source with only `families`' entry points (the other `GL_KERNEL_FAMILY` lines of
    /// `kernel_variants.h` dropped): a run needs one family, and NVRTC's time grows with every
    /// family compiled (the boxes family at d = 16 takes minutes). Throws for a family the file
    /// does not list.
    public static func source(families wanted: [String]) throws(CUDAError) -> KernelSource {
        for family in wanted where !families.contains(family) {
            throw .invalid(field: "family", value: family, allowed: families.joined(separator: ", "))
        }
        var filtered = source
        let text = source.headers["kernel_variants.h"] ?? ""
        let dropped = Set(familyLines(text).filter { !wanted.contains($0.family) }.map(\.line))
        filtered.headers["kernel_variants.h"] = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !dropped.contains(String($0)) }.joined(separator: "\n")
        return filtered
    }

    /// The lines `GL_KERNEL_FAMILY(name)` of `text` and their names.
    static func familyLines(_ text: String) -> [(line: String, family: String)] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("GL_KERNEL_FAMILY("), line.hasSuffix(")") else { return nil }
            return (String(line), String(line.dropFirst("GL_KERNEL_FAMILY(".count).dropLast()))
        }
    }

    /// Dimensions the kernels are compiled for (`-DGL_DIM`): each particle's d coordinates live
    /// in registers, so d is bounded by the register file.
    public static let dimensions = 1...64

    /// Checks `dimension` is in `dimensions`.
    public static func validate(dimension: Int) throws(CUDAError) {
        guard dimensions.contains(dimension) else {
            throw .invalid(field: "dimension", value: "\(dimension)", allowed: "an integer in \(dimensions.lowerBound)...\(dimensions.upperBound)")
        }
    }

    /// The entry points of a compiled module (`.entry gl_sample_…` lines of its PTX), in order.
    public static func entries(inPTX ptx: String) -> [KernelVariant] {
        ptx.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: ".entry ") else { return nil }
            let name = line[range.upperBound...].prefix { $0 != "(" && $0 != " " }
            return KernelVariant(entry: String(name))
        }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// One entry point `gl_sample_<sampler>_<family>_<precision>` of `kernel_variants.h`.
public struct KernelVariant: Sendable, Hashable {
    /// `ode_euler`, `ode_heun`, `sde_em`, `ddpm` or `ddim`.
    public var sampler: String
    /// `isotropic`, `diagonal`, `full` or `boxes`.
    public var family: String
    /// `f64` or `f32`.
    public var precision: String

    public init(sampler: String, family: String, precision: String) {
        (self.sampler, self.family, self.precision) = (sampler, family, precision)
    }

    /// Parses an entry name; nil for a name outside the pattern.
    public init?(entry: String) {
        let prefix = "gl_sample_"
        guard entry.hasPrefix(prefix) else { return nil }
        var parts = entry.dropFirst(prefix.count).split(separator: "_")
        guard parts.count >= 3, let precision = parts.popLast(), let family = parts.popLast() else { return nil }
        self.init(sampler: parts.joined(separator: "_"), family: String(family), precision: String(precision))
    }

    public var entry: String { "gl_sample_\(sampler)_\(family)_\(precision)" }
}
