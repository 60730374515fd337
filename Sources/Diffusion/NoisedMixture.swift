import Foundation
import Numerics

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
        let classScore = Array(scratch.storage[(c * d)..<((c + 1) * d)])
        let logJoint = scratch.logJoint[c]
        return MixtureEvaluation(
            logDensity: logp,
            logClassDensity: logJoint - logClassWeights[c],
            classPosterior: exp(logJoint - logp),
            logClassPosterior: logJoint - logp,
            score: marginal,
            classScore: classScore,
            guidedScore: (0..<d).map { (1 + w) * classScore[$0] - w * marginal[$0] })
    }

    /// The guided score `g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)
    /// = ∇log p_t(x|c) + w ∇log p_t(c|x)`, written into `out`.
    /// `scratch` must come from `makeScratch()`; one per thread.
    @inline(__always)
    public func guidedScore(
        _ x: UnsafeBufferPointer<Double>, classIndex c: Int, w: Double,
        into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws {
        try guidedScores(x.baseAddress!, count: 1, classIndex: c, w: w, into: out.baseAddress!, scratch: &scratch)
    }

    /// `guidedScore` for a block of `count` particles (`x` and `out` row-major `count × d`), the
    /// same arithmetic particle by particle (so the same bits), with the particles' independent
    /// work interleaved phase by phase. `scratch` must come from `makeScratch(block:)` with a
    /// block of at least `count`.
    @inline(__always)
    func guidedScores(
        _ x: UnsafePointer<Double>, count: Int, classIndex c: Int, w: Double, into out: UnsafeMutablePointer<Double>,
        scratch: inout ScoreScratch
    ) throws {
        let d = dimension, layout = layout
        try scratch.storage.withUnsafeMutableBufferPointer { storage in
            precondition(storage.count >= count * (layout.count + layout.exponentials), "scratch too small or from another mixture")
            try accumulate(x, count: count, storage.baseAddress!, layout, arguments: storage.baseAddress! + (storage.count - count * layout.exponentials))
            for p in 0..<count {
                let particle = storage.baseAddress! + p * layout.count, g = out + p * d
                marginal(particle, layout, into: g)
                let classScore = particle + c * d
                for i in 0..<d { g[i] = (1 + w) * classScore[i] - w * g[i] }
            }
        }
    }

    /// Writes `∇log p_t(x) = Σ_c p_t(c|x) ∇log p_t(x|c)` into `out`, leaves each class's
    /// `log π_c p_t(x|c)` and score in `scratch`, and returns `log p_t(x)`.
    @inline(__always)
    public func marginalScore(
        _ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, scratch: inout ScoreScratch
    ) throws -> Double {
        let layout = layout
        return try scratch.storage.withUnsafeMutableBufferPointer { storage in
            precondition(storage.count >= layout.count + layout.exponentials, "scratch from another mixture")
            try accumulate(x.baseAddress!, count: 1, storage.baseAddress!, layout, arguments: storage.baseAddress! + (storage.count - layout.exponentials))
            marginal(storage.baseAddress!, layout, into: out.baseAddress!)
            return storage[layout.shift] + log(storage[layout.total])
        }
    }

    /// `log p_t(c|x)` for class c, with the class scores left in `scratch`.
    public func logClassPosterior(_ x: UnsafeBufferPointer<Double>, classIndex c: Int, scratch: inout ScoreScratch) throws -> Double {
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { out in
            let logp = try marginalScore(x, into: out, scratch: &scratch)
            return scratch.logJoint[c] - logp
        }
    }

    public func makeScratch() -> ScoreScratch { ScoreScratch(layout: layout, block: 1) }

    /// Scratch for blocks of up to `block` particles (`guidedScores`).
    func makeScratch(block: Int) -> ScoreScratch { ScoreScratch(layout: layout, block: block) }

    /// `out = Σ_c p_t(c|x) ∇log p_t(x|c)`, from what `accumulate` left in one particle's `storage`.
    @inline(__always)
    private func marginal(_ storage: UnsafeMutablePointer<Double>, _ layout: ScoreScratch.Layout, into out: UnsafeMutablePointer<Double>) {
        let d = dimension
        for i in 0..<d { out[i] = 0 }
        for c in 0..<classCount {
            let posterior = storage[layout.posterior + c], classScore = storage + c * d
            for i in 0..<d { out[i] += posterior * classScore[i] }
        }
    }

    /// The one score computation every query and sampler goes through. With `l_k = log w_k +
    /// log p_{t,k}(x)` for the components of class c, `top_c = max_k l_k`, `a_c = log π_c + top_c`
    /// and `A = max_c a_c`, each class is shifted by `σ_c = A - log π_c` when `a_c ≥ A - 600`
    /// (the usual case: one shift for all, so the class weights need no exp) and by `top_c`
    /// otherwise (a class that is `e^{-600}` below the rest keeps its own score exact):
    /// ```
    /// e_k = exp(l_k - σ_c),   S_c = Σ_k e_k,   ∇log p_t(x|c) = Σ_k e_k ∇log p_{t,k}(x) / S_c
    /// r_c = S_c exp(log π_c + σ_c - A)   (= S_c for a shared shift),   R = Σ_c r_c
    /// p_t(c|x) = r_c / R,   log p_t(x) = A + log R,   log π_c p_t(x|c) = log π_c + σ_c + log S_c
    /// ```
    /// An isotropic component's score is `(m μ - x)/v`; every other component writes its own.
    ///
    /// Accounting per particle, K components in C classes, all isotropic Gaussian in dimension
    /// d: K exp (plus one per class more than `e^{-600}` below the top), no log, and
    /// `K(6d + 6) + C(d + 4)` flops here + `C(2d + 1)` in `marginal`.
    ///
    /// `count` particles (row-major at `x`) go through each phase before the next: the terms,
    /// the shifts, the exps, the class scores. The exps of the whole block are gathered into
    /// `arguments` (`count · layout.exponentials` numbers) and taken eight at a time by
    /// `VectorExp` (within 2 ulp of `exp`, each lane alone), then put back. Each particle's numbers
    /// are the same whatever `count` is. Particle p's
    /// results sit at `storage + p·layout.count` (see `ScoreScratch.Layout`): each class's score,
    /// `log π_c + σ_c`, `S_c`, `p_t(c|x)`, and `A`, `R`. Throws `ModelError` where `p_t(x|c)` is 0
    /// or not finite for some class in double precision.
    @inline(__always)
    func accumulate(
        _ x: UnsafePointer<Double>, count: Int, _ storage: UnsafeMutablePointer<Double>, _ layout: ScoreScratch.Layout,
        arguments: UnsafeMutablePointer<Double>
    ) throws {
        let d = dimension, classes = classCount, stride = isotropicStride, isotropicCount = layout.isotropic
        let hasOthers = !others.isEmpty
        func failure(_ p: Int) -> ModelError {
            ModelError(field: "x", value: "\(Array(UnsafeBufferPointer(start: x + p * d, count: d)))", allowed: "a point where p_t(x) > 0 in double precision")
        }
        for i in 0..<(count * d) where !x[i].isFinite {
            throw ModelError(field: "x", value: "\(Array(UnsafeBufferPointer(start: x + (i / d) * d, count: d)))", allowed: "finite coordinates (a sampler that diverges stops here)")
        }
        try isotropic.withUnsafeBufferPointer { tableBuffer in
        try isotropicBounds.withUnsafeBufferPointer { isoBounds in
        try otherBounds.withUnsafeBufferPointer { otherBounds in
        try logClassWeights.withUnsafeBufferPointer { logClassWeights in
            let table = tableBuffer.baseAddress ?? UnsafePointer(storage)
            // Phase 1: every l_k (the others write their scores too, a block per call), each
            // class's top_c, and A.
            for j in 0..<others.count {
                let logDensities: UnsafeMutablePointer<Double> = storage + (layout.terms + isotropicCount + j)
                let scores: UnsafeMutablePointer<Double> = storage + (layout.otherScores + j * d)
                try others[j].evaluate(block: x, count: count, dimension: d, logDensities: logDensities, scores: scores, stride: layout.count)
            }
            for p in 0..<count {
                let xp = x + p &* d, particle = storage + p &* layout.count, terms = particle + layout.terms
                if hasOthers {
                    for j in 0..<others.count { terms[isotropicCount &+ j] += otherLogWeights[j] }
                }
                var shift = -Double.infinity
                for c in 0..<classes {
                    let range = isoBounds[c]..<isoBounds[c &+ 1]
                    var top = d == 2
                        ? Self.isotropicTerms(table, range, stride, xp, terms, 2)
                        : Self.isotropicTerms(table, range, stride, xp, terms, d)
                    if hasOthers {
                        for j in otherBounds[c]..<otherBounds[c &+ 1] where terms[isotropicCount &+ j] > top { top = terms[isotropicCount &+ j] }
                    }
                    guard top.isFinite else { throw failure(p) }
                    particle[layout.logShift &+ c] = top
                    shift = max(shift, logClassWeights[c] + top)
                }
                particle[layout.shift] = shift
            }
            // Phase 2: the exps, and each class's scale `exp(log π_c + σ_c - A)` (1 when shared,
            // marked -1 until its exp comes back): the arguments in order, the exps, back in order.
            var n = 0
            for p in 0..<count {
                let particle = storage + p &* layout.count, terms = particle + layout.terms, shift = particle[layout.shift]
                for c in 0..<classes {
                    let top = particle[layout.logShift &+ c], logWeight = logClassWeights[c]
                    let shared = logWeight + top >= shift - 600
                    let sigma = shared ? shift - logWeight : top
                    for j in isoBounds[c]..<isoBounds[c &+ 1] {
                        arguments[n] = terms[j] - sigma
                        n &+= 1
                    }
                    if hasOthers {
                        for j in otherBounds[c]..<otherBounds[c &+ 1] {
                            arguments[n] = terms[isotropicCount &+ j] - sigma
                            n &+= 1
                        }
                    }
                    particle[layout.logShift &+ c] = logWeight + sigma
                    if shared {
                        particle[layout.posterior &+ c] = 1
                    } else {
                        particle[layout.posterior &+ c] = -1
                        arguments[n] = logWeight + top - shift
                        n &+= 1
                    }
                }
            }
            VectorExp.exp(arguments, count: n)
            n = 0
            for p in 0..<count {
                let particle = storage + p &* layout.count, terms = particle + layout.terms
                for c in 0..<classes {
                    for j in isoBounds[c]..<isoBounds[c &+ 1] {
                        terms[j] = arguments[n]
                        n &+= 1
                    }
                    if hasOthers {
                        for j in otherBounds[c]..<otherBounds[c &+ 1] {
                            terms[isotropicCount &+ j] = arguments[n]
                            n &+= 1
                        }
                    }
                    if particle[layout.posterior &+ c] < 0 {
                        particle[layout.posterior &+ c] = arguments[n]
                        n &+= 1
                    }
                }
            }
            // Phase 3: the class scores, the weights r_c and the posteriors; no calls.
            for p in 0..<count {
                let xp = x + p &* d, particle = storage + p &* layout.count, terms = particle + layout.terms
                var total = 0.0
                for c in 0..<classes {
                    let classScore = particle + c &* d
                    let range = isoBounds[c]..<isoBounds[c &+ 1]
                    var sum = d == 2
                        ? Self.isotropicScores(table, range, stride, xp, terms, classScore, 2)
                        : Self.isotropicScores(table, range, stride, xp, terms, classScore, d)
                    if hasOthers {
                        for j in otherBounds[c]..<otherBounds[c &+ 1] {
                            let e = terms[isotropicCount &+ j], score = particle + layout.otherScores + j &* d
                            sum += e
                            for i in 0..<d { classScore[i] += e * score[i] }
                        }
                    }
                    let inverse = 1 / sum
                    for i in 0..<d { classScore[i] *= inverse }
                    let r = sum * particle[layout.posterior &+ c]
                    particle[layout.sum &+ c] = sum
                    particle[layout.posterior &+ c] = r
                    total += r
                }
                guard total.isFinite, total > 0 else { throw failure(p) }
                let inverse = 1 / total
                for c in 0..<classes { particle[layout.posterior &+ c] *= inverse }
                particle[layout.total] = total
            }
        }
        }
        }
        }
    }

    /// `terms[j] = log w_j + log-normaliser_j - |x - m μ_j|²/(2 v_j)` for the isotropic records
    /// in `range`; returns their largest term (`-∞` for none). d is a literal at the d = 2 call
    /// site, so its loops unroll there.
    @inline(__always)
    static func isotropicTerms(
        _ table: UnsafePointer<Double>, _ range: Range<Int>, _ stride: Int, _ x: UnsafePointer<Double>, _ terms: UnsafeMutablePointer<Double>, _ d: Int
    ) -> Double {
        var top = -Double.infinity
        for j in range {
            let record = table + j &* stride
            let l = record[0] - record[1] * squaredDistance(x, record + 3, d)
            terms[j] = l
            if l > top { top = l }
        }
        return top
    }

    /// Sets `out = Σ_{j ∈ range} e_j (m μ_j - x)/v_j` (the weights `e_j` in `terms`) and returns
    /// `Σ e_j`.
    @inline(__always)
    static func isotropicScores(
        _ table: UnsafePointer<Double>, _ range: Range<Int>, _ stride: Int, _ x: UnsafePointer<Double>, _ terms: UnsafePointer<Double>,
        _ out: UnsafeMutablePointer<Double>, _ d: Int
    ) -> Double {
        for i in 0..<d { out[i] = 0 }
        var sum = 0.0
        for j in range {
            let record = table + j &* stride, e = terms[j]
            sum += e
            addScaledDifference(out, e * record[2], record + 3, x, d)
        }
        return sum
    }

    /// `|x - y|²` over d coordinates, two lanes at a time in two accumulators (so the adds of
    /// consecutive pairs do not wait on each other); the accumulators and lanes are summed at the
    /// end, a fixed order.
    @inline(__always)
    static func squaredDistance(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ d: Int) -> Double {
        var even = SIMD2<Double>(), odd = SIMD2<Double>()
        var i = 0
        while i + 4 <= d {
            let u = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD2<Double>.self) - UnsafeRawPointer(y + i).loadUnaligned(as: SIMD2<Double>.self)
            let v = UnsafeRawPointer(x + i + 2).loadUnaligned(as: SIMD2<Double>.self) - UnsafeRawPointer(y + i + 2).loadUnaligned(as: SIMD2<Double>.self)
            even += u * u
            odd += v * v
            i += 4
        }
        if i + 2 <= d {
            let u = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD2<Double>.self) - UnsafeRawPointer(y + i).loadUnaligned(as: SIMD2<Double>.self)
            even += u * u
            i += 2
        }
        let pair = even + odd
        var q = pair.x + pair.y
        if i < d {
            let u = x[i] - y[i]
            q += u * u
        }
        return q
    }

    /// `out += a (y - x)` over d coordinates, two lanes at a time.
    @inline(__always)
    static func addScaledDifference(_ out: UnsafeMutablePointer<Double>, _ a: Double, _ y: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ d: Int) {
        var i = 0
        while i + 2 <= d {
            let u = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD2<Double>.self) - UnsafeRawPointer(x + i).loadUnaligned(as: SIMD2<Double>.self)
            let sum = UnsafeRawPointer(out + i).loadUnaligned(as: SIMD2<Double>.self) + a * u
            UnsafeMutableRawPointer(out + i).storeBytes(of: sum, as: SIMD2<Double>.self)
            i += 2
        }
        if i < d { out[i] += a * (y[i] - x[i]) }
    }
}

/// Per-thread working memory for score queries: one flat buffer, no allocation per particle.
public struct ScoreScratch: Sendable {
    /// Where each part lives in `storage`: the C class scores (`C·d`) first, then the terms
    /// `l_k` (one per component), the other components' scores (`d` each), and per class
    /// `log π_c + σ_c`, `S_c`, `p_t(c|x)`; last `A` and `R` (see `NoisedMixture.accumulate`).
    struct Layout {
        let terms: Int, otherScores: Int, logShift: Int, sum: Int, posterior: Int, shift: Int, total: Int
        let isotropic: Int, count: Int
        /// The most exps one particle needs (every component and every class scale): its share
        /// of the argument buffer after the particles' parts.
        let exponentials: Int

        init(classes: Int, dimension d: Int, isotropic: Int, others: Int) {
            self.isotropic = isotropic
            exponentials = isotropic + others + classes
            terms = classes * d
            otherScores = terms + isotropic + others
            logShift = otherScores + others * d
            sum = logShift + classes
            posterior = sum + classes
            shift = posterior + classes
            total = shift + 1
            count = total + 1
        }
    }

    /// `block` particles' parts, one after the other (`layout.count` numbers each), then the
    /// block's exp arguments (`layout.exponentials` numbers per particle).
    var storage: [Double]
    let layout: Layout
    let classes: Int

    init(layout: Layout, block: Int) {
        self.layout = layout
        self.classes = layout.sum - layout.logShift
        storage = [Double](repeating: 0, count: (layout.count + layout.exponentials) * block)
    }

    /// `∇log p_t(x|c)` of every class, class-major (`c·d + i`), from the last query (its first
    /// particle).
    var classScore: ArraySlice<Double> { storage[0..<layout.terms] }

    /// `log π_c p_t(x|c)` for every class, from the last query (its first particle).
    var logJoint: [Double] { (0..<classes).map { storage[layout.logShift + $0] + log(storage[layout.sum + $0]) } }
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
