import Foundation
import GuidanceNumerics

/// The host-side tables of the CUDA guided-sampler kernels (`Sources/CUDASampler/Kernels/sampler_abi.h`
/// gives the layout), built from a problem and sampler settings with the CPU sampler's own code,
/// so the kernels repeat no schedule or noised-component math:
///
/// - `times`: per visited time t_k (`Sampler.run`'s grid, `steps + 1` of them from T down to the
///   end), the row `t, m(t), s(t), f(t), g(t)², w(t)` (`timeStride` numbers).
/// - `noised`: per visited time, per component (class by class), the noised component's
///   constants: isotropic `[log w_k + log-normaliser, 1/(2v), 1/v]` (the CPU's own isotropic record,
///   `NoisedMixture`), diagonal `[log w_k - ½ log det C - d log √(2π), 1/C_00, …, 1/C_{d-1,d-1}]`
///   (from the CPU's Cholesky factor of the noised covariance C, `1/C_ii = 1/L_ii²`), full
///   `[log w_k - ½ log det C - d log √(2π)]` then row i of that factor for each i,
///   `L_i0, …, L_i,i-1, 1/L_ii`; boxes `[log w_k]` then per coordinate the CPU's one-segment
///   record (`boxRecord`).
/// - `means` (each component's data mean), `classLogWeights` (`log π_c`), `classBounds` (class
///   c's components are `classBounds[c]..<classBounds[c + 1]`), the score error's numbers.
///
/// All in double; a float32 kernel takes `noised`, `means`, `classLogWeights` and the error's
/// vectors converted to `Float` (the times stay double).
public struct KernelTables: Sendable {
    /// The component families the kernels have (`kernel_variants.h`).
    public enum Family: String, Sendable, CaseIterable {
        case isotropic, diagonal, full, boxes
    }

    public enum Precision: String, Sendable, CaseIterable {
        case f64, f32
    }

    /// The score error as the kernel's codes (`GL_ERROR_*` of sampler_abi.h).
    public struct ScoreError: Sendable, Equatable {
        /// 1 constant, 2 bump, 3 slab.
        public let profile: Int32
        /// 0 conditional, 1 unconditional.
        public let target: Int32
        /// 0 absolute, 1 inverse variance.
        public let scaling: Int32
        public let level: Double
        public let width: Double
        public let direction: [Double]
        /// The bump's or slab's centre (zeros for a constant error).
        public let center: [Double]
    }

    public static let timeStride = 6

    public let family: Family
    public let kind: SamplerKind
    public let dimension: Int
    public let steps: Int
    public let classIndex: Int
    public let seed: UInt64
    /// DDIM's η (the kernel uses 1 for DDPM itself).
    public let eta: Double
    public let startStandardDeviation: Double
    public let times: [Double]
    public let noised: [Double]
    public let means: [Double]
    /// Boxes: each box's lower corner, then its upper one (`d` numbers each); empty otherwise.
    public let boxBounds: [Double]
    /// Boxes: `Normal.millsRatioCoefficients`; empty otherwise.
    public let millsRatio: [Double]
    public let classLogWeights: [Double]
    public let classBounds: [Int32]
    public let scoreError: ScoreError?

    public var classCount: Int { classLogWeights.count }
    public var componentCount: Int { Int(classBounds[classBounds.count - 1]) }

    /// Numbers per component per visited time in `noised`.
    public var noisedStride: Int {
        switch family {
        case .isotropic: return 3
        case .diagonal: return 1 + dimension
        case .full: return 1 + dimension * (dimension + 1) / 2
        case .boxes: return 1 + Self.boxRecordSize * dimension
        }
    }

    /// The entry point for this sampler and family in `precision`, as kernel_variants.h names it.
    public func kernelName(_ precision: Precision) -> String {
        "gl_sample_\(Self.samplerName(kind)!)_\(family.rawValue)_\(precision.rawValue)"
    }

    /// The kernels' name of a sampler; nil for those they do not have.
    static func samplerName(_ kind: SamplerKind) -> String? {
        switch kind {
        case .odeEuler: return "ode_euler"
        case .odeHeun: return "ode_heun"
        case .sdeEulerMaruyama: return "sde_em"
        case .ddpm: return "ddpm"
        case .ddim: return "ddim"
        case .odeRK4, .odeAdaptive, .dpmSolverPP2M: return nil
        }
    }

    /// Validates as `Sampler.run` does (but for the particle and thread counts, which the tables
    /// do not depend on), then builds the tables. Throws `ModelError` for settings the CPU sampler
    /// refuses, a sampler the kernels do not have (`sampler`), or a component that is
    /// of a kind the kernels lack (`classes[c].components[k]`: Gaussians and uniform boxes, not
    /// mixed), or a box too narrow for a noise level (as `Mixture.noised`). The family is boxes,
    /// or the narrowest that holds every Gaussian: isotropic, diagonal, or full covariance.
    public init(problem: GuidedProblem, settings: SamplerSettings) throws {
        let schedule = problem.schedule, mixture = problem.mixture, d = mixture.dimension
        let horizon = settings.horizon ?? schedule.defaultHorizon, end = settings.end ?? schedule.defaultEnd
        // The CPU sampler's checks but its particle and thread counts: the kernels take any count
        // in chunks (`first_particle`), and what a run may hold on the device is the launcher's to check.
        var checked = settings
        (checked.particles, checked.threads) = (1, 1)
        try Sampler.validate(checked, horizon: horizon, end: end, schedule: schedule, dimension: d)
        guard Self.samplerName(settings.kind) != nil else {
            throw ModelError(field: "sampler", value: settings.kind.rawValue, allowed: "ode-euler, ode-heun, sde-em, ddpm or ddim (the CUDA kernels)")
        }
        let visited = (settings.grid ?? .standard(for: schedule)).times(horizon: horizon, end: end, steps: settings.steps)
        var components: [any Component] = [], logWeights: [Double] = [], bounds: [Int32] = [0]
        for cls in mixture.classes {
            for entry in cls.components {
                components.append(entry.component)
                logWeights.append(log(entry.weight))
            }
            bounds.append(Int32(components.count))
        }
        let gaussians = components.compactMap { $0 as? GaussianComponent }, boxes = components.compactMap(Self.uniformBox)
        guard gaussians.count == components.count || boxes.count == components.count else {
            let first = components.firstIndex { !($0 is GaussianComponent) && Self.uniformBox($0) == nil } ?? components.firstIndex { $0 is GaussianComponent }!
            let c = bounds.lastIndex { $0 <= Int32(first) }!, k = first - Int(bounds[c])
            throw ModelError(
                field: "classes[\(c)].components[\(k)]", value: "\(type(of: components[first]))",
                allowed: "Gaussian components only, or uniform boxes only (the CUDA kernels' families)")
        }
        var rows: [Double] = []
        for t in visited {
            rows += [t, schedule.m(t), schedule.s(t), schedule.f(t), schedule.gSquared(t), problem.guidance.w(at: t)]
        }
        let levels = stride(from: 0, to: rows.count, by: Self.timeStride).map { (m: rows[$0 + 1], s: rows[$0 + 2]) }
        if boxes.count == components.count {
            family = .boxes
            noised = try levels.flatMap { level in
                try boxes.indices.flatMap { try Self.boxRecord(boxes[$0], logWeight: logWeights[$0], m: level.m, s: level.s) }
            }
            boxBounds = boxes.flatMap { box in box.factors.map { $0.breaks[0] } + box.factors.map { $0.breaks[1] } }
            millsRatio = Normal.millsRatioCoefficients
            means = []
        } else {
            let noisedGaussians = try levels.flatMap { level in try gaussians.map { try $0.noisedGaussian(m: level.m, s: level.s) } }
            let isotropic = noisedGaussians.allSatisfy { if case .isotropic = $0.form { true } else { false } }
            let diagonal = gaussians.allSatisfy { g in (0..<(d * d)).allSatisfy { $0 / d == $0 % d || g.covariance[$0] == 0 } }
            let layout: GaussianLayout = isotropic ? .isotropic : diagonal ? .diagonal : .full
            family = layout.family
            noised = noisedGaussians.enumerated().flatMap { index, component in
                Self.record(component, logWeight: logWeights[index % gaussians.count], layout: layout, dimension: d)
            }
            means = gaussians.flatMap(\.mean)
            boxBounds = []
            millsRatio = []
        }
        kind = settings.kind
        dimension = d
        steps = settings.steps
        classIndex = problem.classIndex
        seed = settings.seed
        eta = settings.eta
        startStandardDeviation = schedule.startStandardDeviation(horizon: horizon)
        times = rows
        classLogWeights = mixture.classes.map { log($0.weight) }
        classBounds = bounds
        scoreError = problem.scoreError.map(Self.scoreError)
    }

    /// The Gaussian families.
    private enum GaussianLayout {
        case isotropic, diagonal, full

        var family: Family {
            switch self {
            case .isotropic: return .isotropic
            case .diagonal: return .diagonal
            case .full: return .full
            }
        }
    }

    /// One component's constants at one time (see the type's documentation).
    private static func record(_ component: NoisedGaussian, logWeight: Double, layout: GaussianLayout, dimension d: Int) -> [Double] {
        switch (component.form, layout) {
        case let (.isotropic(iso), .isotropic):
            return [logWeight + iso.logNormaliser, 0.5 * iso.precision, iso.precision]
        case let (.isotropic(iso), .diagonal):
            return [logWeight + iso.logNormaliser] + [Double](repeating: iso.precision, count: d)
        case let (.isotropic(iso), .full):
            var record = [logWeight + iso.logNormaliser]
            for i in 0..<d {
                record += [Double](repeating: 0, count: i)
                record.append(iso.precision.squareRoot())
            }
            return record
        case let (.general(factor), .full):
            var record = [logWeight - 0.5 * factor.logDeterminant - Double(d) * Normal.logSqrt2Pi]
            for i in 0..<d {
                for k in 0..<i { record.append(factor.lower[i * d + k]) }
                record.append(1 / factor.lower[i * d + i])
            }
            return record
        case let (.general(factor), _):
            let diagonal = (0..<d).map { factor.lower[$0 * d + $0] }
            return [logWeight - 0.5 * factor.logDeterminant - Double(d) * Normal.logSqrt2Pi] + diagonal.map { 1 / ($0 * $0) }
        }
    }

    private static func scoreError(_ e: ScoreErrorModel) -> ScoreError {
        let (profile, center, width): (Int32, [Double], Double)
        switch e.profile {
        case .constant: (profile, center, width) = (1, [Double](repeating: 0, count: e.direction.count), 1)
        case let .bump(c, w): (profile, center, width) = (2, c, w)
        case let .slab(c, w): (profile, center, width) = (3, c, w)
        }
        return ScoreError(
            profile: profile, target: e.target == .conditional ? 0 : 1, scaling: e.scaling == .absolute ? 0 : 1,
            level: e.level, width: width, direction: e.direction, center: center)
    }
}
