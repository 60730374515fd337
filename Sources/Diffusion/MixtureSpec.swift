import Foundation

/// The JSON description of a model that the CLI reads and counterexample reports write:
/// ```json
/// {"process": {"kind": "ou"},
///  "classes": [
///    {"weight": 0.5, "components": [
///      {"kind": "uniform", "weight": 1, "lower": [1.0], "upper": [2.0]}]},
///    {"weight": 0.5, "components": [
///      {"kind": "gaussian", "weight": 0.3, "mean": [-1.0], "cov": [[0.5]]},
///      {"kind": "piecewise", "weight": 0.7, "breaks": [-2.0, -1.5, -1.0], "heights": [0.4, 1.6]}]}]}
/// ```
/// Process kinds: `ou`; `vp-linear` (`beta_min`, `beta_max`, `steps`; defaults 1e-4, 0.02,
/// 1000); `vp-cosine` (`offset`, default 0.008); `ve` (`sigma_min`, `sigma_max`; defaults 0.002,
/// 80). Component kinds: `gaussian` (`mean`, `cov`), `uniform` (`lower`, `upper`: a box),
/// `piecewise` (1-D; `breaks`, relative `heights` per segment, normalised on load),
/// `piecewise-linear` (1-D; `breaks`, relative `values` at the breaks), `beta` (1-D, smooth,
/// quadrature-backed; `lower`, `upper`, `alpha`, `beta` ≥ 1), `product` (`factors`: one 1-D
/// component per coordinate, each with weight 1; independent coordinates, e.g. a 2-D piecewise or
/// smooth compact density). Weights are relative and positive.
public struct MixtureSpec: Codable, Sendable, Equatable {
    public var process: Process
    public var classes: [ClassSpec]

    public struct Process: Codable, Sendable, Equatable {
        public var kind: String
        public var beta_min: Double?
        public var beta_max: Double?
        public var steps: Int?
        public var offset: Double?
        public var sigma_min: Double?
        public var sigma_max: Double?

        public init(kind: String) { self.kind = kind }
    }

    public struct ClassSpec: Codable, Sendable, Equatable {
        public var weight: Double
        public var components: [ComponentSpec]

        public init(weight: Double, components: [ComponentSpec]) {
            self.weight = weight
            self.components = components
        }
    }

    public struct ComponentSpec: Codable, Sendable, Equatable {
        public var kind: String
        public var weight: Double
        public var mean: [Double]?
        public var cov: [[Double]]?
        public var lower: [Double]?
        public var upper: [Double]?
        public var breaks: [Double]?
        public var heights: [Double]?
        public var values: [Double]?
        public var alpha: Double?
        public var beta: Double?
        /// The 1-D factors of a `product` component.
        public var factors: [ComponentSpec]?

        public init(kind: String, weight: Double) {
            self.kind = kind
            self.weight = weight
        }

        public static func gaussian(weight: Double = 1, mean: [Double], cov: [[Double]]) -> ComponentSpec {
            var c = ComponentSpec(kind: "gaussian", weight: weight)
            c.mean = mean
            c.cov = cov
            return c
        }

        public static func uniform(weight: Double = 1, lower: [Double], upper: [Double]) -> ComponentSpec {
            var c = ComponentSpec(kind: "uniform", weight: weight)
            c.lower = lower
            c.upper = upper
            return c
        }

        public static func piecewise(weight: Double = 1, breaks: [Double], heights: [Double]) -> ComponentSpec {
            var c = ComponentSpec(kind: "piecewise", weight: weight)
            c.breaks = breaks
            c.heights = heights
            return c
        }

        public static func piecewiseLinear(weight: Double = 1, breaks: [Double], values: [Double]) -> ComponentSpec {
            var c = ComponentSpec(kind: "piecewise-linear", weight: weight)
            c.breaks = breaks
            c.values = values
            return c
        }

        /// Independent coordinates with these 1-D laws (each factor's weight must be 1).
        public static func product(weight: Double = 1, factors: [ComponentSpec]) -> ComponentSpec {
            var c = ComponentSpec(kind: "product", weight: weight)
            c.factors = factors
            return c
        }

        public static func beta(weight: Double = 1, lower: Double, upper: Double, alpha: Double, beta: Double) -> ComponentSpec {
            var c = ComponentSpec(kind: "beta", weight: weight)
            c.lower = [lower]
            c.upper = [upper]
            c.alpha = alpha
            c.beta = beta
            return c
        }
    }

    public init(process: Process, classes: [ClassSpec]) {
        self.process = process
        self.classes = classes
    }

    /// Reads a spec from JSON text. Malformed JSON, unknown or missing fields and values of the
    /// wrong type become a `ModelError` naming the field.
    public static func parse(_ data: Data) throws -> MixtureSpec {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            throw ModelError(field: "(spec)", value: "malformed JSON", allowed: "a JSON object as in README: \(detail)")
        }
        try checkFields(object)
        do {
            return try JSONDecoder().decode(MixtureSpec.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelError(field: path(context.codingPath + [key]), value: "missing", allowed: "a required field")
        } catch let DecodingError.typeMismatch(type, context) {
            throw ModelError(field: path(context.codingPath), value: "a value of the wrong type", allowed: "\(type)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ModelError(field: path(context.codingPath), value: "null", allowed: "\(type)")
        } catch let DecodingError.dataCorrupted(context) {
            let field = path(context.codingPath)
            throw ModelError(field: field.isEmpty ? "(spec)" : field, value: "unreadable", allowed: context.debugDescription)
        }
    }

    /// The fields each object may have, by process or component kind.
    static let processFields: [String: Set<String>] = [
        "ou": ["kind"], "vp-linear": ["kind", "beta_min", "beta_max", "steps"],
        "vp-cosine": ["kind", "offset"], "ve": ["kind", "sigma_min", "sigma_max"],
    ]
    static let componentFields: [String: Set<String>] = [
        "gaussian": ["kind", "weight", "mean", "cov"], "uniform": ["kind", "weight", "lower", "upper"],
        "piecewise": ["kind", "weight", "breaks", "heights"], "piecewise-linear": ["kind", "weight", "breaks", "values"],
        "beta": ["kind", "weight", "lower", "upper", "alpha", "beta"], "product": ["kind", "weight", "factors"],
    ]

    /// Refuses fields the format does not have (a misspelt `heigths` would otherwise be
    /// silently ignored). Unknown kinds are left to `build()`, which names the allowed ones.
    private static func checkFields(_ object: Any) throws {
        func refuse(_ keys: Dictionary<String, Any>.Keys, allowed: Set<String>, at path: String, what: String) throws {
            if let extra = keys.filter({ !allowed.contains($0) }).sorted().first {
                let field = path.isEmpty ? extra : path + "." + extra
                throw ModelError(field: field, value: "present", allowed: "not a field of \(what); fields: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        guard let top = object as? [String: Any] else {
            throw ModelError(field: "(spec)", value: "not an object", allowed: "a JSON object with process and classes")
        }
        try refuse(top.keys, allowed: ["process", "classes"], at: "", what: "a spec")
        if let process = top["process"] as? [String: Any], let kind = process["kind"] as? String, let allowed = processFields[kind] {
            try refuse(process.keys, allowed: allowed, at: "process", what: "a \(kind) process")
        }
        for (c, cls) in ((top["classes"] as? [Any]) ?? []).enumerated() {
            guard let cls = cls as? [String: Any] else { continue }
            try refuse(cls.keys, allowed: ["weight", "components"], at: "classes[\(c)]", what: "a class")
            func check(_ component: Any, at path: String) throws {
                guard let component = component as? [String: Any], let kind = component["kind"] as? String,
                      let allowed = componentFields[kind] else { return }
                try refuse(component.keys, allowed: allowed, at: path, what: "a \(kind) component")
                for (i, factor) in ((component["factors"] as? [Any]) ?? []).enumerated() { try check(factor, at: path + ".factors[\(i)]") }
            }
            for (k, component) in ((cls["components"] as? [Any]) ?? []).enumerated() {
                try check(component, at: "classes[\(c)].components[\(k)]")
            }
        }
    }

    /// The JSON text (sorted keys, so reports are stable).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            if let i = key.intValue { return text + "[\(i)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }
}
