import Foundation

extension MixtureSpec {
    /// The model this spec describes. Throws `ModelError` with the full field path, e.g.
    /// `classes[1].components[0].cov: a positive-definite matrix`.
    public func build() throws -> (mixture: Mixture, schedule: NoiseSchedule) {
        let schedule = try process.build()
        let built = try classes.enumerated().map { c, cls in
            try MixtureClass(weight: cls.weight, components: cls.components.enumerated().map { k, spec in
                do {
                    return (spec.weight, try spec.build())
                } catch let error as ModelError {
                    throw error.at("classes[\(c)].components[\(k)]")
                }
            })
        }
        return (try Mixture(classes: built), schedule)
    }
}

extension MixtureSpec.Process {
    func build() throws -> NoiseSchedule {
        do {
            switch kind {
            case "ou":
                return .ou
            case "vp-linear":
                let lo = beta_min ?? 1e-4, hi = beta_max ?? 0.02, n = steps ?? 1000
                try ModelError.require("beta_min", lo, in: 1e-8...0.5, "a number in [1e-8, 0.5]")
                try ModelError.require("beta_max", hi, in: lo...0.999, "a number in [beta_min, 0.999]")
                guard (1...100_000).contains(n) else {
                    throw ModelError(field: "steps", value: "\(n)", allowed: "an integer in [1, 100000]")
                }
                return .vpLinear(betaMin: lo, betaMax: hi, steps: n)
            case "vp-cosine":
                let s = offset ?? 0.008
                try ModelError.require("offset", s, in: 0...0.5, "a number in [0, 0.5]")
                return .vpCosine(offset: s)
            case "ve":
                let lo = sigma_min ?? 0.002, hi = sigma_max ?? 80
                try ModelError.require("sigma_min", lo, in: 1e-6...1e3, "a number in [1e-6, 1000]")
                try ModelError.require("sigma_max", hi, in: lo...1e5, "a number in [sigma_min, 1e5]")
                guard lo < hi else { throw ModelError(field: "sigma_max", value: "\(hi)", allowed: "greater than sigma_min = \(lo)") }
                return .ve(sigmaMin: lo, sigmaMax: hi)
            default:
                throw ModelError(field: "kind", value: "\"\(kind)\"", allowed: "one of ou, vp-linear, vp-cosine, ve")
            }
        } catch let error as ModelError {
            throw error.at("process")
        }
    }
}

extension NoiseSchedule {
    /// The spec's `process` object for this schedule.
    public var spec: MixtureSpec.Process {
        switch self {
        case .ou:
            return .init(kind: "ou")
        case let .vpLinear(lo, hi, n):
            var p = MixtureSpec.Process(kind: "vp-linear")
            (p.beta_min, p.beta_max, p.steps) = (lo, hi, n)
            return p
        case let .vpCosine(offset):
            var p = MixtureSpec.Process(kind: "vp-cosine")
            p.offset = offset
            return p
        case let .ve(lo, hi):
            var p = MixtureSpec.Process(kind: "ve")
            (p.sigma_min, p.sigma_max) = (lo, hi)
            return p
        }
    }
}

extension MixtureSpec.ComponentSpec {
    func build() throws -> any Component {
        func need<T>(_ value: T?, _ field: String, _ allowed: String) throws -> T {
            guard let value else { throw ModelError(field: field, value: "missing", allowed: allowed) }
            return value
        }
        func oneDimensional(_ values: [Double], _ field: String) throws -> Double {
            guard values.count == 1 else { throw ModelError(field: field, value: "\(values)", allowed: "one number (this kind is 1-D)") }
            return values[0]
        }
        switch kind {
        case "gaussian":
            let mean = try need(mean, "mean", "a list of d numbers")
            let rows = try need(cov, "cov", "a d×d matrix (list of rows)")
            guard rows.count == mean.count, rows.allSatisfy({ $0.count == mean.count }) else {
                throw ModelError(field: "cov", value: "\(rows.count) rows of lengths \(rows.map(\.count))", allowed: "a \(mean.count)×\(mean.count) matrix, matching mean")
            }
            return try GaussianComponent(mean: mean, covariance: rows.flatMap { $0 })
        case "uniform":
            let lower = try need(lower, "lower", "a list of d numbers")
            let upper = try need(upper, "upper", "a list of d numbers")
            return try PiecewiseLinearProduct.uniformBox(lower: lower, upper: upper)
        case "piecewise":
            let breaks = try need(breaks, "breaks", "increasing numbers")
            let heights = try need(heights, "heights", "one relative height ≥ 0 per segment")
            return try PiecewiseLinearProduct(factors: [.constant(breaks: breaks, heights: heights)])
        case "piecewise-linear":
            let breaks = try need(breaks, "breaks", "increasing numbers")
            let values = try need(values, "values", "one relative value ≥ 0 per break")
            return try PiecewiseLinearProduct(factors: [.linear(breaks: breaks, values: values)])
        case "beta":
            let lo = try oneDimensional(try need(lower, "lower", "[a]"), "lower")
            let hi = try oneDimensional(try need(upper, "upper", "[b]"), "upper")
            return try QuadratureComponent.beta(
                lower: lo, upper: hi,
                alpha: try need(alpha, "alpha", "a number in [1, 1000]"),
                beta: try need(beta, "beta", "a number in [1, 1000]"))
        case "product":
            let specs = try need(factors, "factors", "a list of 1-D components, one per coordinate")
            let built = try specs.enumerated().map { i, factor in
                do {
                    guard factor.weight == 1 else {
                        throw ModelError(field: "weight", value: "\(factor.weight)", allowed: "1 (a factor is a density; weight the product instead)")
                    }
                    let component = try factor.build()
                    guard component.dimension == 1 else {
                        throw ModelError(field: "kind", value: "a \(component.dimension)-D \(factor.kind)", allowed: "a 1-D component")
                    }
                    return component
                } catch let error as ModelError {
                    throw error.at("factors[\(i)]")
                }
            }
            guard !built.isEmpty else { throw ModelError(field: "factors", value: "[]", allowed: "at least one 1-D component") }
            if let pieces = built as? [PiecewiseLinearProduct] { return try PiecewiseLinearProduct(factors: pieces.flatMap(\.factors), layout: .factors) }
            return try IndependentProduct(factors: built)
        default:
            throw ModelError(field: "kind", value: "\"\(kind)\"", allowed: "one of gaussian, uniform, piecewise, piecewise-linear, beta, product")
        }
    }
}
