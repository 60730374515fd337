import Diffusion
import Foundation

extension CaseGenerator {
    /// A random mixture spec satisfying `constraints` (`MixtureConstraints.violations` is empty
    /// for every draw; the generator's own tests check it over many seeds).
    ///
    /// Each class draws its component count, then for each component a kind, per-coordinate
    /// scales `σ_i` from `constraints.scale` (a Gaussian's standard deviations, a compact
    /// component's widths) and a centre within `spread = 1.5` of the class's anchor on the first
    /// axis. Anchors are 0 unless a separation is asked for, when they are spaced so that the
    /// class means (within `spread + max σ` of their anchors) keep it. Disjoint supports are laid
    /// out along the first axis, class after class, with gaps of `minimumGap` plus a random
    /// extra, and the layout centred at 0; a mirrored model draws class 0 to the right of
    /// `minimumGap/2` and reflects it. In an edge case: the fewest components, equal weights,
    /// scale-range ends, and every component's position and scale multiplied by one of
    /// `edgeScales` (tiny and huge components; the gaps and separations asked for are kept).
    public mutating func mixture(_ constraints: MixtureConstraints, edgeScales: [Double] = [1e-3, 1e3]) throws -> MixtureSpec {
        try constraints.validate()
        let zoom = edgeCase && !edgeScales.isEmpty ? edgeScales[int(in: 0...(edgeScales.count - 1))] : 1
        let spread = 1.5 * zoom
        let sharedDeviation = zoom * double(in: constraints.scale)
        let drawnClasses = constraints.mirrored ? 1 : constraints.classes
        let classWeights = constraints.mirrored ? [0.5, 0.5] : weights(count: constraints.classes, floor: constraints.weightFloor)
        var classes: [MixtureSpec.ClassSpec] = []
        for c in 0..<drawnClasses {
            let parts = array(count: constraints.components) { g in
                g.componentPlan(constraints, spread: spread, zoom: zoom)
            }
            let componentWeights = weights(count: parts.count, floor: constraints.weightFloor)
            classes.append(MixtureSpec.ClassSpec(weight: classWeights[c], components: zip(parts, componentWeights).map { part, weight in
                part.spec(weight: weight, sharedDeviation: constraints.equalVariances ? sharedDeviation : nil)
            }))
        }
        // Place the classes along the first axis.
        if constraints.disjointSupports || constraints.mirrored {
            let extents = classes.map(Self.firstAxisExtent)
            var cursor = constraints.mirrored ? 0.5 * constraints.minimumGap + double(in: 0...spread) : 0
            for c in classes.indices {
                classes[c] = Self.shifted(classes[c], by: cursor - extents[c].lower)
                cursor += extents[c].upper - extents[c].lower + constraints.minimumGap + zoom * double(in: 0...1)
            }
            if !constraints.mirrored {
                let low = Self.firstAxisExtent(classes[0]).lower, high = Self.firstAxisExtent(classes[classes.count - 1]).upper
                classes = classes.map { Self.shifted($0, by: -0.5 * (low + high)) }
            }
        } else if constraints.minimumSeparation > 0 {
            let spacing = constraints.minimumSeparation + 2 * (spread + zoom * constraints.scale.upperBound)
            classes = classes.indices.map { Self.shifted(classes[$0], by: spacing * (Double($0) - 0.5 * Double(classes.count - 1))) }
        }
        if constraints.mirrored { classes.append(MixtureConstraints.mirror(classes[0])) }
        return MixtureSpec(process: .init(kind: constraints.process), classes: classes)
    }

    /// One component before its weight: kind, centre and scales.
    struct ComponentPlan {
        var kind: MixtureConstraints.Kind
        var centre: [Double]
        var scales: [Double]
        /// Gaussian covariance form: 0 isotropic, 1 diagonal, 2 full (rotated by `angle`).
        var form: Int
        var angle: Double
        var shapes: [IntervalShape]

        func spec(weight: Double, sharedDeviation: Double?) -> MixtureSpec.ComponentSpec {
            let d = centre.count
            let lower = (0..<d).map { centre[$0] - 0.5 * scales[$0] }, upper = (0..<d).map { centre[$0] + 0.5 * scales[$0] }
            switch kind {
            case .gaussian:
                if let s = sharedDeviation { return .gaussian(weight: weight, mean: centre, cov: Self.diagonal((0..<d).map { _ in s * s })) }
                let variances = form == 0 ? (0..<d).map { _ in scales[0] * scales[0] } : scales.map { $0 * $0 }
                guard form == 2, d == 2 else { return .gaussian(weight: weight, mean: centre, cov: Self.diagonal(variances)) }
                let (c, s) = (cos(angle), sin(angle))
                let a = c * c * variances[0] + s * s * variances[1], b = s * s * variances[0] + c * c * variances[1]
                let off = c * s * (variances[0] - variances[1])
                return .gaussian(weight: weight, mean: centre, cov: [[a, off], [off, b]])
            case .box:
                return .uniform(weight: weight, lower: lower, upper: upper)
            case .piecewise, .smooth:
                let factors = (0..<d).map { shapes[$0].component(lower: lower[$0], upper: upper[$0]) }
                if d == 1 {
                    var single = factors[0]
                    single.weight = weight
                    return single
                }
                return .product(weight: weight, factors: factors)
            }
        }

        static func diagonal(_ v: [Double]) -> [[Double]] { v.indices.map { i in v.indices.map { i == $0 ? v[i] : 0 } } }
    }

    mutating func componentPlan(_ constraints: MixtureConstraints, spread: Double, zoom: Double) -> ComponentPlan {
        let d = constraints.dimension
        let kind = constraints.kinds[int(in: 0...(constraints.kinds.count - 1))]
        let centre = (0..<d).map { _ in double(in: -spread...spread) }
        let scales = (0..<d).map { _ in zoom * double(in: constraints.scale) }
        let shapes: [IntervalShape] = (0..<d).map { _ in
            switch kind {
            case .smooth: return .beta(alpha: double(in: 1.5...4), beta: double(in: 1.5...4))
            case .piecewise:
                switch int(in: 0...2) {
                case 0: return .steps(array(count: 2...4) { $0.double(in: 0.2...2) })
                case 1: return .ramp(left: double(in: 0.2...2), right: double(in: 0.2...2))
                default: return .bump(height: double(in: 0.5...4))
                }
            default: return .uniform
            }
        }
        return ComponentPlan(kind: kind, centre: centre, scales: scales, form: int(in: 0...2), angle: double(in: 0...Double.pi), shapes: shapes)
    }

    /// The smallest and largest first coordinate of a class's compact supports and Gaussian means.
    static func firstAxisExtent(_ cls: MixtureSpec.ClassSpec) -> (lower: Double, upper: Double) {
        let ends = cls.components.compactMap { c -> (Double, Double)? in
            if let mean = c.mean, c.kind == "gaussian" { return (mean[0], mean[0]) }
            return MixtureConstraints.describe(c).map { ($0.lower[0], $0.upper[0]) }
        }
        return (ends.map(\.0).min() ?? 0, ends.map(\.1).max() ?? 0)
    }

    /// The class translated by `shift` along the first axis.
    static func shifted(_ cls: MixtureSpec.ClassSpec, by shift: Double) -> MixtureSpec.ClassSpec {
        var moved = cls
        moved.components = cls.components.map { MixtureSpec.ComponentSpec.translated($0, by: shift) }
        return moved
    }
}

extension MixtureSpec.ComponentSpec {
    /// The component translated by `shift` along the first axis.
    static func translated(_ c: MixtureSpec.ComponentSpec, by shift: Double) -> MixtureSpec.ComponentSpec {
        var m = c
        func move(_ xs: [Double]?) -> [Double]? { xs.map { xs in xs.indices.map { $0 == 0 ? xs[0] + shift : xs[$0] } } }
        m.mean = move(c.mean)
        m.lower = move(c.lower)
        m.upper = move(c.upper)
        m.breaks = c.breaks.map { $0.map { $0 + shift } }
        if var factors = c.factors, !factors.isEmpty {
            factors[0] = translated(factors[0], by: shift)
            m.factors = factors
        }
        return m
    }
}
