import Foundation
import GuidanceNumerics

/// Everything a score query needs at one noise level `(m, s)`: each component's noised law,
/// prepared once (a Cholesky factor, say) and shared by all particles.
///
/// Components are grouped by kind when the level is prepared, so the per-particle loop makes no
/// dynamic dispatch for them: isotropic Gaussians `N(m μ, v I)` sit in one contiguous table of
/// records `[log w + log-normaliser, 1/(2v), 1/v, m μ₀, …, m μ_{d-1}]`; every other component is
/// called through `NoisedComponent`, once per block of particles (`evaluate(block:…)`).
public struct NoisedMixture: Sendable {
    public let dimension: Int
    let logClassWeights: [Double]
    /// Isotropic Gaussian records (`isotropicStride` numbers each), class by class.
    let isotropic: [Double]
    let isotropicStride: Int
    /// Class c's isotropic records are `isotropicBounds[c]..<isotropicBounds[c + 1]`.
    let isotropicBounds: [Int]
    /// The other components, class by class, with their log weights.
    let others: [any NoisedComponent]
    let otherLogWeights: [Double]
    /// Class c's other components are `otherBounds[c]..<otherBounds[c + 1]`.
    let otherBounds: [Int]
    /// Where `accumulate` keeps its numbers in a `ScoreScratch`.
    let layout: ScoreScratch.Layout
    public let m: Double
    public let s: Double

    /// Sorts each class's components into the isotropic table and the rest.
    init(
        dimension: Int, logClassWeights: [Double], logComponentWeights: [[Double]],
        components: [[any NoisedComponent]], m: Double, s: Double
    ) {
        let d = dimension
        var isotropic: [Double] = [], isotropicBounds = [0]
        var others: [any NoisedComponent] = [], otherLogWeights: [Double] = [], otherBounds = [0]
        for (c, classComponents) in components.enumerated() {
            for (k, component) in classComponents.enumerated() {
                let logWeight = logComponentWeights[c][k]
                if let gaussian = component as? NoisedGaussian, case let .isotropic(iso) = gaussian.form {
                    isotropic += [logWeight + iso.logNormaliser, 0.5 * iso.precision, iso.precision]
                    isotropic += (0..<d).map { gaussian.scale * gaussian.mean[$0] }
                } else {
                    others.append(component)
                    otherLogWeights.append(logWeight)
                }
            }
            isotropicBounds.append(isotropic.count / (d + 3))
            otherBounds.append(others.count)
        }
        self.dimension = d
        self.logClassWeights = logClassWeights
        self.isotropic = isotropic
        self.isotropicStride = d + 3
        self.isotropicBounds = isotropicBounds
        self.others = others
        self.otherLogWeights = otherLogWeights
        self.otherBounds = otherBounds
        self.layout = ScoreScratch.Layout(
            classes: logClassWeights.count, dimension: d, isotropic: isotropicBounds[isotropicBounds.count - 1], others: others.count)
        self.m = m
        self.s = s
    }

    var classCount: Int { logClassWeights.count }

    /// The full evaluation at x for class c, as `guidance eval` prints it.
    public func evaluate(_ x: [Double], classIndex c: Int, w: Double) throws -> MixtureEvaluation {
        guard x.count == dimension else {
            throw ModelError(field: "x", value: "\(x.count) coordinates", allowed: "\(dimension) coordinates")
        }
        guard (0..<classCount).contains(c) else {
            throw ModelError(field: "class", value: "\(c)", allowed: "an index in 0..<\(classCount)")
        }
        let d = dimension
        var scratch = makeScratch()
        var marginal = [Double](repeating: 0, count: d)
        let logp = try x.withUnsafeBufferPointer { xp in
            try marginal.withUnsafeMutableBufferPointer { try marginalScore(xp, into: $0, scratch: &scratch) }
        }
        let classScore = (0..<d).map { scratch.classScore[c * d + $0] }
        let logJoint = scratch.logJoint[c]
        return MixtureEvaluation(
            logDensity: logp,
            logClassDensity: logJoint - logClassWeights[c],
            classPosterior: exp(logJoint - logp),
            logClassPosterior: logJoint - logp,
            score: marginal,
            classScore: classScore,
            guidedScore: (0..<d).map { GuidedScore.combine(classScore: classScore[$0], marginalScore: marginal[$0], w: w) })
    }

    /// The guided score `g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)` (`GuidedScore.combine`, the
    /// marginal form), written into `out`.
    /// `scratch` must come from `makeScratch()`; one per thread.
    @inline(__always)
    public func guidedScore(
        _ x: UnsafeBufferPointer<Double>, classIndex c: Int, w: Double,
        into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws {
        try guidedScores(x.baseAddress!, count: 1, classIndex: c, w: w, into: out.baseAddress!, scratch: &scratch)
    }

    /// `guidedScore` for a block of `count` particles (`x` and `out` row-major `count × d`),
    /// eight at a time, one particle per lane (`accumulate`): every particle gets the same
    /// arithmetic whatever `count` is, so the same bits.
    @inline(__always)
    func guidedScores(
        _ x: UnsafePointer<Double>, count: Int, classIndex c: Int, w: Double, into out: UnsafeMutablePointer<Double>,
        scratch: inout ScoreScratch
    ) throws {
        let d = dimension, layout = layout, classes = classCount
        try scratch.lanes.withUnsafeMutableBufferPointer { lanes in
            guard lanes.count == layout.vectors else { throw ModelError.foreignScratch(lanes.count, expected: layout.vectors) }
            let v = lanes.baseAddress!
            for first in stride(from: 0, to: count, by: Lanes.scalarCount) {
                let n = min(Lanes.scalarCount, count - first)
                try accumulate(x + first * d, count: n, v, layout)
                // g with ∇log p_t(x) = Σ_c' p_t(c'|x) ∇log p_t(x|c'), coordinate by coordinate,
                // each lane stored straight from the register into its particle's row.
                let rows = out + first &* d
                for i in 0..<d {
                    var marginal = Lanes()
                    for k in 0..<classes { marginal += v[layout.posterior &+ k] * v[layout.classScores &+ k &* d &+ i] }
                    let g = GuidedScore.combine(classScore: v[layout.classScores &+ c &* d &+ i], marginalScore: marginal, w: w)
                    if n == Lanes.scalarCount {
                        rows[i] = g[0]
                        rows[d &+ i] = g[1]
                        rows[2 &* d &+ i] = g[2]
                        rows[3 &* d &+ i] = g[3]
                        rows[4 &* d &+ i] = g[4]
                        rows[5 &* d &+ i] = g[5]
                        rows[6 &* d &+ i] = g[6]
                        rows[7 &* d &+ i] = g[7]
                    } else {
                        for p in 0..<n { rows[p &* d &+ i] = g[p] }
                    }
                }
            }
        }
    }

    /// Writes `∇log p_t(x) = Σ_c p_t(c|x) ∇log p_t(x|c)` into `out`, leaves each class's
    /// `log π_c p_t(x|c)` and score in `scratch`, and returns `log p_t(x)`.
    @inline(__always)
    public func marginalScore(
        _ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws -> Double {
        let d = dimension, layout = layout, classes = classCount
        return try scratch.lanes.withUnsafeMutableBufferPointer { lanes in
            guard lanes.count == layout.vectors else { throw ModelError.foreignScratch(lanes.count, expected: layout.vectors) }
            let v = lanes.baseAddress!
            try accumulate(x.baseAddress!, count: 1, v, layout)
            for i in 0..<d {
                var marginal = Lanes()
                for k in 0..<classes { marginal += v[layout.posterior + k] * v[layout.classScores + k * d + i] }
                out[i] = marginal[0]
            }
            return v[layout.shift][0] + log(v[layout.total][0])
        }
    }

    /// `log p_t(c|x)` for class c, with the class scores left in `scratch`.
    public func logClassPosterior(_ x: UnsafeBufferPointer<Double>, classIndex c: Int, scratch: inout ScoreScratch) throws -> Double {
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { out in
            let logp = try marginalScore(x, into: out, scratch: &scratch)
            return scratch.logJoint[c] - logp
        }
    }

    public func makeScratch() -> ScoreScratch { ScoreScratch(layout: layout) }

    /// Scratch for blocks of particles (`guidedScores`); the same as `makeScratch()`, since a
    /// block goes through eight particles at a time.
    func makeScratch(block: Int) -> ScoreScratch { ScoreScratch(layout: layout) }

    /// One particle per lane.
    typealias Lanes = SIMD8<Double>

    /// The one score computation every query and sampler goes through, for up to eight particles
    /// at once, one per lane of `SIMD8<Double>` (the lanes past `count` repeat the first particle
    /// and are ignored). With `l_k = log w_k + log p_{t,k}(x)` for the components of class c (for
    /// a component that hands its log-density over split, `log p_{t,k} = λ_k + log ρ_k` with the
    /// scale `ρ_k ∈ [e^{-200}, e^{200}]`, `l_k` takes `λ_k` and `e_k` below is multiplied by `ρ_k`:
    /// no log), `top_c = max_k l_k`, `a_c = log π_c + top_c` and `A = max_c a_c`, each class is
    /// shifted by `σ_c = A - log π_c` when `a_c ≥ A - 400` (the usual case: one shift for all, so
    /// the class weights need no exp) and by `top_c` otherwise (a class that is `e^{-400}` below
    /// the rest keeps its own score exact; with the scales, a class's largest `e_k` stays above
    /// `e^{-600}`, far from underflow):
    /// ```
    /// e_k = exp(l_k - σ_c) ρ_k,   S_c = Σ_k e_k,   ∇log p_t(x|c) = Σ_k e_k ∇log p_t_k(x) / S_c
    /// r_c = S_c exp(log π_c + σ_c - A)   (= S_c for a shared shift),   R = Σ_c r_c
    /// p_t(c|x) = r_c / R,   log p_t(x) = A + log R,   log π_c p_t(x|c) = log π_c + σ_c + log S_c
    /// ```
    /// An isotropic component's score is `e_k (m μ_k - x)/v_k`, summed over k before the division
    /// by `S_c`; every other component writes its own score (`NoisedComponent`, one call per
    /// block).
    ///
    /// Every operation is lane by lane, in a fixed order (components in table order, then the
    /// others; classes in order), so a particle's numbers do not depend on its lane, on `count` or
    /// on the other lanes. The exps are `VectorExp` (within 2 ulp of `exp`): in place over the
    /// whole run of shifted terms when all eight lanes are used, packed lane by lane otherwise (a
    /// single query costs `⌈K/8⌉` calls, not K); with two terms in all, one of them is the shift
    /// and only the other takes an exp.
    ///
    /// Operations per particle: `OperationCount.isotropic` (no log).
    ///
    /// Results, each a `Lanes` vector in `lanes` (see `ScoreScratch.Layout`): each class's score,
    /// `log π_c + σ_c`, `S_c`, `p_t(c|x)`, and `A`, `R`. Throws `ModelError` where `p_t(x|c)` is 0
    /// or not finite for some class in double precision.
    @inline(__always)
    func accumulate(_ x: UnsafePointer<Double>, count: Int, _ v: UnsafeMutablePointer<Lanes>, _ layout: ScoreScratch.Layout) throws {
        let d = dimension, classes = classCount, stride = isotropicStride, isotropicCount = layout.isotropic
        func failure(_ p: Int) -> ModelError {
            ModelError(field: "x", value: "\(Array(UnsafeBufferPointer(start: x + p * d, count: d)))", allowed: "a point where p_t(x) > 0 in double precision")
        }
        // The coordinates, lane by lane, and whether they are all finite (x - x = 0).
        let xs = v + layout.coordinates, rows = LaneRows(count: count, stride: d)
        var finite = Lanes()
        for i in 0..<d {
            let lane = rows.load(x, i)
            xs[i] = lane
            finite += lane - lane
        }
        if !allLanes(finite .== 0) {
            for i in 0..<(count * d) where !x[i].isFinite {
                throw ModelError(field: "x", value: "\(Array(UnsafeBufferPointer(start: x + (i / d) * d, count: d)))", allowed: "finite coordinates (a sampler that diverges stops here)")
            }
        }
        let terms = v + layout.terms
        try isotropic.withUnsafeBufferPointer { tableBuffer in
        try isotropicBounds.withUnsafeBufferPointer { isoBounds in
        try otherBounds.withUnsafeBufferPointer { otherBounds in
        try logClassWeights.withUnsafeBufferPointer { logClassWeights in
            // The other components: log density (as `l + log(scale)`) and score, one call per
            // component for the block.
            for j in 0..<others.count {
                let logDensities = UnsafeMutableRawPointer(terms + isotropicCount + j).assumingMemoryBound(to: Double.self)
                let scales = UnsafeMutableRawPointer(v + layout.otherScales + j).assumingMemoryBound(to: Double.self)
                let scores = UnsafeMutableRawPointer(v + layout.otherScores + j * d).assumingMemoryBound(to: Double.self)
                try others[j].evaluate(
                    block: x, coordinates: xs, count: count, dimension: d, logDensities: logDensities, scales: scales, scores: scores,
                    particleStride: 1, coordinateStride: Lanes.scalarCount)
                var l = terms[isotropicCount + j], scale = v[layout.otherScales + j]
                for p in count..<Lanes.scalarCount { (l[p], scale[p]) = (l[0], scale[0]) }
                terms[isotropicCount + j] = l + otherLogWeights[j]
                v[layout.otherScales + j] = scale
                for i in 0..<d {
                    var g = v[layout.otherScores + j * d + i]
                    for p in count..<Lanes.scalarCount { g[p] = g[0] }
                    v[layout.otherScores + j * d + i] = g
                }
            }
            // The terms l_k, each class's top_c, and the shift A.
            let table = tableBuffer.baseAddress ?? UnsafePointer(OpaquePointer(v))
            var shift = Lanes(repeating: -.infinity)
            for c in 0..<classes {
                var top = Lanes(repeating: -.infinity)
                for k in isoBounds[c]..<isoBounds[c &+ 1] {
                    let record = table + k &* stride
                    // |x - m μ_k|², even and odd coordinates in two sums (half the add chain).
                    var even = Lanes(), odd = Lanes()
                    var i = 0
                    while i &+ 1 < d {
                        let u = xs[i] - record[3 &+ i], w = xs[i &+ 1] - record[4 &+ i]
                        even += u * u
                        odd += w * w
                        i &+= 2
                    }
                    if i < d {
                        let u = xs[i] - record[3 &+ i]
                        even += u * u
                    }
                    let q = even + odd
                    let l = record[0] - record[1] * q
                    terms[k] = l
                    top.replace(with: l, where: l .> top)
                }
                for j in otherBounds[c]..<otherBounds[c &+ 1] {
                    let l = terms[isotropicCount &+ j]
                    top.replace(with: l, where: l .> top)
                }
                if !allLanes(top - top .== 0) {
                    for p in 0..<count where !top[p].isFinite { throw failure(p) }
                }
                v[layout.logShift &+ c] = top
                let a = logClassWeights[c] + top
                shift.replace(with: a, where: a .> shift)
            }
            v[layout.shift] = shift
            // The shifts σ_c, each class's scale exp(log π_c + σ_c - A) (1 when shared), and the
            // exps e_k = exp(l_k - σ_c).
            for c in 0..<classes {
                let top = v[layout.logShift &+ c], logWeight = logClassWeights[c]
                let shared = logWeight + top .>= shift - 400
                let sigma = (shift - logWeight).replacing(with: top, where: .!shared)
                for k in isoBounds[c]..<isoBounds[c &+ 1] { terms[k] -= sigma }
                for j in otherBounds[c]..<otherBounds[c &+ 1] { terms[isotropicCount &+ j] -= sigma }
                v[layout.logShift &+ c] = logWeight + sigma
                var scale = Lanes(repeating: 1)
                // (The lanes past `count` repeat the first particle, so `any` over all is over those used.)
                if anyLane(.!shared) { scale.replace(with: VectorExp.exp(logWeight + top - shift), where: .!shared) }
                v[layout.posterior &+ c] = scale
            }
            let termCount = isotropicCount + others.count
            if termCount == 2 {
                // Two terms (two classes of one component each, say): the larger is the shift
                // itself, 0 up to the rounding of `(log π_c + top_c) - log π_c`, and its exp is
                // taken as 1, which leaves one exp per lane.
                let first = terms[0], second = terms[1], firstLarger = first .> second
                let e = VectorExp.exp(first.replacing(with: second, where: firstLarger))
                terms[0] = e.replacing(with: 1, where: firstLarger)
                terms[1] = e.replacing(with: 1, where: .!firstLarger)
            } else if count == Lanes.scalarCount {
                VectorExp.exp(UnsafeMutableRawPointer(terms).assumingMemoryBound(to: Double.self), count: termCount * Lanes.scalarCount)
            } else {
                withUnsafeTemporaryAllocation(of: Double.self, capacity: termCount * count) { packed in
                    for k in 0..<termCount { for p in 0..<count { packed[k &* count &+ p] = terms[k][p] } }
                    VectorExp.exp(packed.baseAddress!, count: termCount * count)
                    for k in 0..<termCount {
                        var e = Lanes(repeating: packed[k &* count])
                        for p in 1..<count { e[p] = packed[k &* count &+ p] }
                        terms[k] = e
                    }
                }
            }
            for j in 0..<others.count { terms[isotropicCount &+ j] *= v[layout.otherScales &+ j] }
            // The class scores, the weights r_c and the posteriors. Coordinate by coordinate, each
            // class score is summed over the class's components in registers (table order, then
            // the others; the first term sets the sum), then multiplied by 1/S_c; a class of one
            // component takes that component's score as it is.
            let weights = v + layout.weights
            var total = Lanes()
            for c in 0..<classes {
                let isoStart = isoBounds[c], isoCount = isoBounds[c &+ 1] &- isoStart
                let otherStart = otherBounds[c], otherEnd = otherBounds[c &+ 1]
                var sum = isoCount > 0 ? terms[isoStart] : terms[isotropicCount &+ otherStart]
                for m in 0..<isoCount {
                    let e = terms[isoStart &+ m]
                    if m > 0 { sum += e }
                    weights[m] = e * table[(isoStart &+ m) &* stride &+ 2]
                }
                for j in otherStart..<otherEnd where isoCount > 0 || j > otherStart { sum += terms[isotropicCount &+ j] }
                let classScore = v + layout.classScores + c &* d
                if isoCount &+ (otherEnd &- otherStart) == 1 {
                    // One component: the class score is its score (no weight to divide out).
                    for i in 0..<d {
                        classScore[i] = isoCount == 1
                            ? (table[isoStart &* stride &+ 3 &+ i] - xs[i]) * table[isoStart &* stride &+ 2]
                            : v[layout.otherScores &+ otherStart &* d &+ i]
                    }
                    let r = sum * v[layout.posterior &+ c]
                    v[layout.sum &+ c] = sum
                    v[layout.posterior &+ c] = r
                    total += r
                    continue
                }
                let inverse = 1 / sum
                for i in 0..<d {
                    let xi = xs[i], means = table + (isoStart &* stride &+ 3 &+ i)
                    var score: Lanes, firstOther = otherStart
                    if isoCount > 0 {
                        score = weights[0] * (means[0] - xi)
                        for m in 1..<isoCount { score += weights[m] * (means[m &* stride] - xi) }
                    } else {
                        score = terms[isotropicCount &+ otherStart] * v[layout.otherScores &+ otherStart &* d &+ i]
                        firstOther &+= 1
                    }
                    for j in firstOther..<otherEnd { score += terms[isotropicCount &+ j] * v[layout.otherScores &+ j &* d &+ i] }
                    classScore[i] = score * inverse
                }
                let r = sum * v[layout.posterior &+ c]
                v[layout.sum &+ c] = sum
                v[layout.posterior &+ c] = r
                total += r
            }
            if !allLanes((total - total .== 0) .& (total .> 0)) {
                for p in 0..<count where !(total[p].isFinite && total[p] > 0) { throw failure(p) }
            }
            let inverse = 1 / total
            for c in 0..<classes { v[layout.posterior &+ c] *= inverse }
            v[layout.total] = total
        }
        }
        }
        }
    }
}

extension NoisedMixture {
    /// Operations per particle, counted from the code, for the accounting of `guidance bench`.
    public struct OperationCount: Sendable, Equatable {
        public var exps: Int
        public var flops: Int

        public init(exps: Int, flops: Int) { (self.exps, self.flops) = (exps, flops) }

        /// One guided score evaluation (`accumulate`, then `guidedScores`) on K isotropic Gaussian
        /// components in C classes, dimension d:
        /// ```
        /// exps    K                      (plus one per class more than e^{-400} below the top, not counted)
        /// flops   K(6d + 5) + C(d + 4)   in accumulate
        ///       + C·2d + 3d              in guidedScores (the marginal score and GuidedScore.combine)
        /// ```
        public static func isotropic(components k: Int, classes c: Int, dimension d: Int) -> OperationCount {
            OperationCount(exps: k, flops: k * (6 * d + 5) + c * (d + 4) + c * 2 * d + 3 * d)
        }

        /// One guided Heun step (`StepPlan`, `.odeHeun`) on the same mixture: two velocity
        /// evaluations, each `isotropic` plus `3d` flops (`GuidedField.velocities`: `f x - ½ g² g`),
        /// and `5d` flops for the two updates (`y = x - h k1`, `x -= ½ h (k1 + k2)`).
        public static func heunStep(components k: Int, classes c: Int, dimension d: Int) -> OperationCount {
            let evaluation = isotropic(components: k, classes: c, dimension: d)
            return OperationCount(exps: 2 * evaluation.exps, flops: 2 * (evaluation.flops + 3 * d) + 5 * d)
        }
    }
}

/// The rows of up to eight particles in a row-major block (`stride` numbers each), one per
/// lane; the lanes past `count` repeat the first particle. Loads build the vector from scalars
/// directly (no lane-by-lane stores, which stall on store forwarding).
struct LaneRows {
    let o1: Int, o2: Int, o3: Int, o4: Int, o5: Int, o6: Int, o7: Int

    @inline(__always)
    init(count: Int, stride d: Int) {
        o1 = count > 1 ? d : 0
        o2 = count > 2 ? 2 &* d : 0
        o3 = count > 3 ? 3 &* d : 0
        o4 = count > 4 ? 4 &* d : 0
        o5 = count > 5 ? 5 &* d : 0
        o6 = count > 6 ? 6 &* d : 0
        o7 = count > 7 ? 7 &* d : 0
    }

    /// Coordinate i of each lane's particle.
    @inline(__always)
    func load(_ x: UnsafePointer<Double>, _ i: Int) -> SIMD8<Double> {
        SIMD8(x[i], x[o1 &+ i], x[o2 &+ i], x[o3 &+ i], x[o4 &+ i], x[o5 &+ i], x[o6 &+ i], x[o7 &+ i])
    }
}

/// Per-thread working memory for score queries: one flat buffer of eight-lane vectors, no
/// allocation per particle.
public struct ScoreScratch: Sendable {
    /// Where each part lives in `lanes` (in vectors of eight lanes, one particle per lane): the
    /// coordinates (d), the terms `l_k` then `e_k` (one per component, isotropic first), the other
    /// components' scales (one each) and scores (`d` each), the C class scores (`C·d`), and per class `log π_c + σ_c`,
    /// `S_c`, `p_t(c|x)`; then `A` and `R` (see `NoisedMixture.accumulate`), and room for a
    /// class's isotropic weights `e_k/v_k`.
    struct Layout {
        let coordinates: Int, terms: Int, otherScales: Int, otherScores: Int, classScores: Int, logShift: Int, sum: Int, posterior: Int
        let shift: Int, total: Int, weights: Int
        let isotropic: Int, classes: Int, dimension: Int, vectors: Int

        init(classes: Int, dimension d: Int, isotropic: Int, others: Int) {
            self.isotropic = isotropic
            self.classes = classes
            self.dimension = d
            coordinates = 0
            terms = d
            otherScales = terms + isotropic + others
            otherScores = otherScales + others
            classScores = otherScores + others * d
            logShift = classScores + classes * d
            sum = logShift + classes
            posterior = sum + classes
            shift = posterior + classes
            total = shift + 1
            weights = total + 1
            vectors = weights + isotropic
        }
    }

    var lanes: [SIMD8<Double>]
    let layout: Layout

    init(layout: Layout) {
        self.layout = layout
        lanes = [SIMD8<Double>](repeating: SIMD8(), count: layout.vectors)
    }

    /// `∇log p_t(x|c)` of every class, class-major (`c·d + i`), from the last query (its first
    /// particle).
    var classScore: FirstLane { FirstLane(lanes: lanes, offset: layout.classScores) }

    /// `log π_c p_t(x|c)` for every class, from the last query (its first particle).
    var logJoint: [Double] { (0..<layout.classes).map { lanes[layout.logShift + $0][0] + log(lanes[layout.sum + $0][0]) } }

    /// The first lane of a run of vectors.
    struct FirstLane {
        let lanes: [SIMD8<Double>]
        let offset: Int
        subscript(_ i: Int) -> Double { lanes[offset + i][0] }
    }
}

/// The numbers `guidance eval` reports at one point.
public struct MixtureEvaluation: Sendable, Codable, Equatable {
    public var logDensity: Double
    public var logClassDensity: Double
    public var classPosterior: Double
    public var logClassPosterior: Double
    public var score: [Double]
    public var classScore: [Double]
    public var guidedScore: [Double]
}
