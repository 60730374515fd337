import Foundation

/// How hard a run checks: how many cases each claim draws and how many particles its sampling
/// checks use. Selected by the environment variable `GUIDANCE_PROFILE` (default `ci`).
///
/// - `ci`: the default, sized to finish the whole suite in minutes on two cores.
/// - `thorough`: 10× the cases and 10× the particles.
/// - `gpu`: sampling claims meant for the CUDA target, with at least 10⁷ particles each
///   (`particles(base:)`); there is no CUDA target yet, so they run on the CPU, with a notice.
public enum Profile: String, Sendable, Codable, CaseIterable {
    case ci, thorough, gpu

    /// The environment variable that selects the profile.
    public static let environmentKey = "GUIDANCE_PROFILE"

    /// The miss rate at which every statistical check states what it detects
    /// (`Figure.detects`, `DetectableDiscrepancy`): the same at every profile, 1e-3.
    public static let beta = 1e-3

    /// The fewest particles a sampling check uses under `gpu`.
    public static let gpuMinimumParticles = 10_000_000

    /// The factor on a claim's base case count.
    public var caseMultiplier: Int {
        switch self {
        case .ci, .gpu: return 1
        case .thorough: return 10
        }
    }

    /// The factor on a sampling check's base particle count (before the `gpu` minimum).
    public var particleMultiplier: Int {
        switch self {
        case .ci: return 1
        case .thorough: return 10
        case .gpu: return 1_000
        }
    }

    /// The particle count for a check whose `ci` count is `base`:
    /// `base × particleMultiplier`, and at least `gpuMinimumParticles` under `gpu`.
    public func particles(base: Int) -> Int {
        let scaled = base.multipliedReportingOverflow(by: particleMultiplier)
        let count = scaled.overflow ? Int.max : scaled.partialValue
        return self == .gpu ? max(count, Profile.gpuMinimumParticles) : count
    }

    /// The profile named by `GUIDANCE_PROFILE`, or `ci` when it is unset or empty.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ClaimKitError) -> Profile {
        guard let text = environment[environmentKey], !text.isEmpty else { return .ci }
        return try parse(text, setting: environmentKey)
    }

    /// The profile named `text` (case-insensitive); the error names `setting` and the choices.
    public static func parse(_ text: String, setting: String) throws(ClaimKitError) -> Profile {
        guard let profile = Profile(rawValue: text.lowercased()) else {
            let allowed = allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidSetting(name: setting, value: text, allowed: "one of \(allowed)")
        }
        return profile
    }
}
