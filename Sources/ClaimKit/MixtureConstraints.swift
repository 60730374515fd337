import Diffusion
import Foundation

/// What a claim asks of the random mixtures it is checked on (`CaseGenerator.mixture`,
/// `Shrink.mixture`). The defaults draw two classes of one to three components of every kind in
/// 1-D under OU, with no geometric constraint.
public struct MixtureConstraints: Sendable, Equatable {
    /// The kinds of component a class may have.
    public enum Kind: String, Sendable, CaseIterable {
        /// `N(μ, Σ)`: isotropic, diagonal or full covariance (isotropic with `equalVariances`).
        case gaussian
        /// The uniform law on a box.
        case box
        /// A piecewise-constant or piecewise-linear density (`IntervalShape`: steps, ramp, bump);
        /// in 2-D a product of such factors.
        case piecewise
        /// A smooth compactly supported density, Beta(α, β) with α, β ∈ [1.5, 4] on an interval;
        /// in 2-D a product of such factors.
        case smooth

        public var isCompact: Bool { self != .gaussian }
    }

    /// 1 or 2.
    public var dimension = 1
    /// At least 1; `mirrored` needs 2.
    public var classes = 2
    /// Components per class.
    public var components: ClosedRange<Int> = 1...3
    public var kinds: [Kind] = Kind.allCases
    /// The classes' supports are disjoint, at least `minimumGap` apart along the first coordinate
    /// (compact kinds only).
    public var disjointSupports = false
    public var minimumGap = 0.2
    /// Two classes, the second the mirror image of the first across `x₁ = 0`.
    public var mirrored = false
    /// All Gaussian components share one isotropic variance.
    public var equalVariances = false
    /// The class means are at least this far apart (Euclidean).
    public var minimumSeparation = 0.0
    /// Every class and component weight is at least this share (of its class, for components).
    public var weightFloor = 0.05
    /// Standard deviations of Gaussians and widths of compact components, per coordinate.
    public var scale: ClosedRange<Double> = 0.2...2
    /// The spec's process kind.
    public var process = "ou"

    public init() {}

    /// Throws `ClaimKitError.invalidSetting` naming the first field outside its allowed range.
    public func validate() throws(ClaimKitError) {
        func bad(_ field: String, _ value: Any, _ allowed: String) -> ClaimKitError {
            .invalidSetting(name: "MixtureConstraints." + field, value: "\(value)", allowed: allowed)
        }
        guard (1...2).contains(dimension) else { throw bad("dimension", dimension, "1 or 2") }
        guard classes >= 1 else { throw bad("classes", classes, "at least 1") }
        guard components.lowerBound >= 1 else { throw bad("components", components, "a range of counts ≥ 1") }
        guard !kinds.isEmpty else { throw bad("kinds", kinds, "at least one kind") }
        guard !disjointSupports || kinds.allSatisfy(\.isCompact) else {
            throw bad("kinds", kinds.map(\.rawValue), "compact kinds only (box, piecewise, smooth) with disjointSupports")
        }
        guard !mirrored || classes == 2 else { throw bad("classes", classes, "2 with mirrored") }
        guard minimumGap.isFinite, minimumGap >= 0 else { throw bad("minimumGap", minimumGap, "a finite number ≥ 0") }
        guard minimumSeparation.isFinite, minimumSeparation >= 0 else { throw bad("minimumSeparation", minimumSeparation, "a finite number ≥ 0") }
        guard weightFloor >= 0, weightFloor * Double(max(classes, components.upperBound)) < 1 else {
            throw bad("weightFloor", weightFloor, "in [0, 1/max(classes, components))")
        }
        guard scale.lowerBound > 0, scale.upperBound.isFinite else { throw bad("scale", scale, "a finite range of positive numbers") }
        guard ["ou", "vp-linear", "vp-cosine", "ve"].contains(process) else { throw bad("process", process, "ou, vp-linear, vp-cosine or ve") }
    }

    /// The constraints `spec` breaks, in words (empty when it satisfies them all). Checks the
    /// structure (dimension, class and component counts, kinds, weights, scales) and the
    /// geometry (disjoint supports with the gap, mirror images, equal variances, separation).
    public func violations(of spec: MixtureSpec) -> [String] {
        var problems: [String] = []
        let layout = spec.classes.map { $0.components.map(MixtureConstraints.describe) }
        if spec.classes.count != classes { problems.append("\(spec.classes.count) classes, not \(classes)") }
        if spec.process.kind != process { problems.append("process \(spec.process.kind), not \(process)") }
        let classTotal = spec.classes.reduce(0) { $0 + $1.weight }
        for (c, cls) in spec.classes.enumerated() {
            if !components.contains(cls.components.count) { problems.append("class \(c) has \(cls.components.count) components") }
            if cls.weight < weightFloor * classTotal * (1 - 1e-12) { problems.append("class \(c) weight below the floor") }
            let total = cls.components.reduce(0) { $0 + $1.weight }
            for (k, component) in cls.components.enumerated() {
                guard let shape = layout[c][k] else { problems.append("class \(c) component \(k) has an unknown form"); continue }
                if shape.lower.count != dimension { problems.append("class \(c) component \(k) is \(shape.lower.count)-D") }
                if !kinds.contains(shape.kind) { problems.append("class \(c) component \(k) is a \(shape.kind.rawValue)") }
                if component.weight < weightFloor * total * (1 - 1e-12) { problems.append("class \(c) component \(k) weight below the floor") }
            }
        }
        let shapes = layout.map { $0.compactMap { $0 } }
        if disjointSupports {
            for a in shapes.indices {
                for b in shapes.indices where b > a {
                    for p in shapes[a] {
                        // Closer than the gap, with room for the rounding of the layout's sums.
                        for q in shapes[b] where q.lower[0] - p.upper[0] < minimumGap - Self.slack(minimumGap, p.upper[0], q.upper[0])
                            && p.lower[0] - q.upper[0] < minimumGap - Self.slack(minimumGap, p.lower[0], q.lower[0]) {
                            problems.append("classes \(a) and \(b) are closer than \(minimumGap) along x₁")
                        }
                    }
                }
            }
        }
        if mirrored, spec.classes.count == 2, spec.classes[1] != MixtureConstraints.mirror(spec.classes[0]) {
            problems.append("class 1 is not the mirror image of class 0")
        }
        if equalVariances {
            let variances = Set(spec.classes.flatMap(\.components).compactMap { $0.kind == "gaussian" ? $0.cov : nil })
            if variances.count > 1 || variances.contains(where: { cov in
                cov.indices.contains { i in cov[i].indices.contains { j in cov[i][j] != (i == j ? cov[0][0] : 0) } }
            }) {
                problems.append("Gaussian components do not share one isotropic variance")
            }
        }
        if minimumSeparation > 0 {
            let means = spec.classes.map(MixtureConstraints.classMean)
            for a in means.indices {
                for b in means.indices where b > a {
                    let distance = zip(means[a], means[b]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                    if distance < minimumSeparation { problems.append("class means \(a) and \(b) are \(distance) apart") }
                }
            }
        }
        return problems
    }

    /// The rounding allowance of a gap between two positions: 1e-9 of the gap plus 1e-12 of their size.
    static func slack(_ gap: Double, _ a: Double, _ b: Double) -> Double { 1e-9 * gap + 1e-12 * max(abs(a), abs(b), 1) }

    /// The kind and bounding box of a component spec (`±∞` for a Gaussian); nil for a form the
    /// generator does not make.
    static func describe(_ c: MixtureSpec.ComponentSpec) -> (kind: Kind, lower: [Double], upper: [Double])? {
        switch c.kind {
        case "gaussian":
            guard let mean = c.mean else { return nil }
            return (.gaussian, mean.map { _ in -.infinity }, mean.map { _ in .infinity })
        case "uniform":
            guard let lower = c.lower, let upper = c.upper else { return nil }
            return (.box, lower, upper)
        case "piecewise", "piecewise-linear":
            guard let breaks = c.breaks, let first = breaks.first, let last = breaks.last else { return nil }
            return (.piecewise, [first], [last])
        case "beta":
            guard let lower = c.lower, let upper = c.upper else { return nil }
            return (.smooth, lower, upper)
        case "product":
            let factors = (c.factors ?? []).compactMap(describe)
            guard !factors.isEmpty, factors.count == c.factors?.count, let kind = factors.first?.kind,
                  factors.allSatisfy({ $0.kind == kind }) else { return nil }
            return (kind, factors.map { $0.lower[0] }, factors.map { $0.upper[0] })
        default:
            return nil
        }
    }

    /// The mean of a class's data law, `Σ_k w_k μ_k / Σ_k w_k`, from its components' exact means.
    static func classMean(_ cls: MixtureSpec.ClassSpec) -> [Double] {
        let built = cls.components.map { component -> [Double]? in
            let single = MixtureSpec(process: .init(kind: "ou"), classes: [.init(weight: 1, components: [component])])
            return try? single.build().mixture.classes[0].components[0].component.mean
        }
        let total = cls.components.reduce(0) { $0 + $1.weight }
        let d = built.compactMap { $0?.count }.first ?? 0
        var mean = [Double](repeating: 0, count: d)
        for (k, m) in built.enumerated() {
            guard let m else { continue }
            for i in 0..<d { mean[i] += cls.components[k].weight / total * m[i] }
        }
        return mean
    }

    /// The mirror image of a class across `x₁ = 0`.
    public static func mirror(_ cls: MixtureSpec.ClassSpec) -> MixtureSpec.ClassSpec {
        var image = cls
        image.components = cls.components.map(mirror)
        return image
    }

    static func mirror(_ c: MixtureSpec.ComponentSpec) -> MixtureSpec.ComponentSpec {
        var image = c
        switch c.kind {
        case "gaussian":
            image.mean = c.mean.map { m in m.indices.map { $0 == 0 ? -m[0] : m[$0] } }
            image.cov = c.cov.map { cov in
                cov.indices.map { i in cov[i].indices.map { j in (i == 0) != (j == 0) ? -cov[i][j] : cov[i][j] } }
            }
        case "uniform":
            if let lower = c.lower, let upper = c.upper {
                image.lower = lower.indices.map { $0 == 0 ? -upper[0] : lower[$0] }
                image.upper = upper.indices.map { $0 == 0 ? -lower[0] : upper[$0] }
            }
        case "piecewise":
            image.breaks = c.breaks.map { $0.reversed().map { -$0 } }
            image.heights = c.heights.map { Array($0.reversed()) }
        case "piecewise-linear":
            image.breaks = c.breaks.map { $0.reversed().map { -$0 } }
            image.values = c.values.map { Array($0.reversed()) }
        case "beta":
            image.lower = c.upper.map { $0.map { -$0 } }
            image.upper = c.lower.map { $0.map { -$0 } }
            (image.alpha, image.beta) = (c.beta, c.alpha)
        case "product":
            if var factors = c.factors, !factors.isEmpty {
                factors[0] = mirror(factors[0])
                image.factors = factors
            }
        default:
            break
        }
        return image
    }
}
