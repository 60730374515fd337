import Foundation

extension MixtureSpec {
    /// The 1-D spec of the law of coordinate `i`: every component replaced by its i-th marginal,
    /// the class and component weights kept. A Gaussian's marginal is `N(μ_i, Σ_ii)`, a box's the
    /// uniform law on `[l_i, u_i]`, a product's its i-th factor; 1-D kinds are their own marginal.
    /// Exact at every noise level too, since noising acts on each coordinate as `m X_i + s Z_i`:
    /// the marginal of `p_t` is the noised marginal. This lets a claim check a sampler in d ≥ 2
    /// against exact 1-D laws.
    public func marginal(coordinate i: Int) throws -> MixtureSpec {
        var result = self
        for (c, cls) in classes.enumerated() {
            for (k, component) in cls.components.enumerated() {
                do {
                    result.classes[c].components[k] = try component.marginal(coordinate: i)
                } catch let error as ModelError {
                    throw error.at("classes[\(c)].components[\(k)]")
                }
            }
        }
        return result
    }
}

extension MixtureSpec.ComponentSpec {
    func marginal(coordinate i: Int) throws -> MixtureSpec.ComponentSpec {
        func coordinateError(_ d: Int) -> ModelError {
            ModelError(field: "coordinate", value: "\(i)", allowed: "an index in 0..<\(d) (this component is \(d)-D)")
        }
        switch kind {
        case "gaussian":
            guard let mean, let cov, mean.indices.contains(i), cov.indices.contains(i), cov[i].indices.contains(i) else {
                throw coordinateError(mean?.count ?? 0)
            }
            return .gaussian(weight: weight, mean: [mean[i]], cov: [[cov[i][i]]])
        case "uniform":
            guard let lower, let upper, lower.indices.contains(i), upper.indices.contains(i) else { throw coordinateError(lower?.count ?? 0) }
            return .uniform(weight: weight, lower: [lower[i]], upper: [upper[i]])
        case "product":
            guard let factors, factors.indices.contains(i) else { throw coordinateError(factors?.count ?? 0) }
            var factor = factors[i]
            factor.weight = weight
            return factor
        default:
            guard i == 0 else { throw coordinateError(1) }
            return self
        }
    }
}
