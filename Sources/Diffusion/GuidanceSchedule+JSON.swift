import Foundation

extension GuidanceSchedule {
    /// The kinds and fields of the JSON form (README.md, "Guidance schedules"):
    /// ```
    /// {"kind": "constant", "w": 3}
    /// {"kind": "interval", "w": 3, "t": [0.3, 2]}          guidance for t in [0.3, 2] only
    /// {"kind": "interval", "w": 3, "sigma": [0.5, 5]}      the same band given in σ = s/m
    /// {"kind": "ramp", "t": [0.1, 5], "w": [0, 6]}         w linear in t from (0.1, 0) to (5, 6)
    /// {"kind": "table", "t": [0.1, 1, 3, 10], "w": [0, 4, 1]}   piecewise constant
    /// ```
    static let jsonFields: [String: Set<String>] = [
        "constant": ["kind", "w"], "interval": ["kind", "w", "t", "sigma"], "ramp": ["kind", "t", "w"], "table": ["kind", "t", "w"],
    ]

    /// Reads the JSON form; an interval in σ is turned into times of `process`. Errors name the
    /// field (`guidance.t[1]`, `guidance.kind`, ...) and what is allowed; the result is validated.
    public static func parse(_ data: Data, process: NoiseSchedule) throws -> GuidanceSchedule {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            throw ModelError(field: "guidance", value: "malformed JSON", allowed: "a JSON object as in README (\"Guidance schedules\"): \(detail)")
        }
        guard let fields = object as? [String: Any] else {
            throw ModelError(field: "guidance", value: "not an object", allowed: "a JSON object with a \"kind\"")
        }
        guard let kind = fields["kind"] as? String, let allowedFields = jsonFields[kind] else {
            throw ModelError(field: "guidance.kind", value: "\(fields["kind"] ?? "missing")", allowed: jsonFields.keys.sorted().joined(separator: ", "))
        }
        for key in fields.keys.sorted() where !allowedFields.contains(key) {
            throw ModelError(field: "guidance.\(key)", value: "present", allowed: "one of \(allowedFields.sorted().joined(separator: ", ")) for kind \(kind)")
        }
        let decoded: [String: NumberOrList]
        do {
            decoded = try JSONDecoder().decode([String: NumberOrList].self, from: JSONSerialization.data(withJSONObject: fields.filter { $0.key != "kind" }))
        } catch {
            let key = (error as? DecodingError).flatMap(\.codingKey) ?? "(value)"
            throw ModelError(field: "guidance.\(key)", value: "not a number", allowed: "a number or a list of numbers")
        }
        func numbers(_ key: String, count: Int? = nil) throws -> [Double] {
            guard let value = decoded[key] else { throw ModelError(field: "guidance.\(key)", value: "missing", allowed: "a required field for kind \(kind)") }
            if let count, value.values.count != count || !value.isList {
                throw ModelError(field: "guidance.\(key)", value: "\(value.values.count) numbers", allowed: "a list of \(count) numbers")
            }
            return value.values
        }
        func number(_ key: String) throws -> Double {
            let value = try numbers(key)
            guard decoded[key]?.isList == false else { throw ModelError(field: "guidance.\(key)", value: "a list", allowed: "one number") }
            return value[0]
        }
        let schedule: GuidanceSchedule
        switch kind {
        case "constant":
            schedule = .constant(try number("w"))
        case "interval":
            let w = try number("w")
            switch (fields["t"] != nil, fields["sigma"] != nil) {
            case (true, false):
                let t = try numbers("t", count: 2)
                schedule = .interval(w: w, lower: t[0], upper: t[1])
            case (false, true):
                let sigma = try numbers("sigma", count: 2)
                schedule = .interval(
                    w: w, lower: try process.time(atSigma: sigma[0], field: "guidance.sigma[0]"),
                    upper: try process.time(atSigma: sigma[1], field: "guidance.sigma[1]"))
            default:
                throw ModelError(field: "guidance.t", value: "\(fields["t"] == nil ? "missing" : "given with sigma")", allowed: "exactly one of t and sigma")
            }
        case "ramp":
            let t = try numbers("t", count: 2), w = try numbers("w", count: 2)
            schedule = .ramp(from: Point(t: t[0], w: w[0]), to: Point(t: t[1], w: w[1]))
        default:
            let t = try numbers("t"), w = try numbers("w")
            schedule = .table(breaks: t, values: w)
        }
        return try schedule.validated()
    }
}

/// A JSON value that is one number or a list of numbers (a boolean or a string is neither).
private struct NumberOrList: Decodable {
    var values: [Double]
    var isList: Bool

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([Double].self) {
            (values, isList) = (list, true)
        } else {
            (values, isList) = ([try container.decode(Double.self)], false)
        }
    }
}

private extension DecodingError {
    /// The top-level key the error is at.
    var codingKey: String? {
        let path: [CodingKey]
        switch self {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .keyNotFound(_, context), let .dataCorrupted(context): path = context.codingPath
        @unknown default: return nil
        }
        return path.first?.stringValue
    }
}

extension GuidanceSchedule: Encodable {
    private enum CodingKeys: String, CodingKey { case kind, w, t }

    /// The JSON form `parse` reads (an interval given in σ is written as its times).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .constant(w):
            try container.encode("constant", forKey: .kind)
            try container.encode(w, forKey: .w)
        case let .interval(w, lower, upper):
            try container.encode("interval", forKey: .kind)
            try container.encode(w, forKey: .w)
            try container.encode([lower, upper], forKey: .t)
        case let .ramp(from, to):
            try container.encode("ramp", forKey: .kind)
            try container.encode([from.t, to.t], forKey: .t)
            try container.encode([from.w, to.w], forKey: .w)
        case let .table(breaks, values):
            try container.encode("table", forKey: .kind)
            try container.encode(breaks, forKey: .t)
            try container.encode(values, forKey: .w)
        }
    }
}

extension GuidanceSchedule: CustomStringConvertible {
    /// The JSON form (one line; σ intervals as their times).
    public var description: String {
        func list(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        switch self {
        case let .constant(w): return "{\"kind\": \"constant\", \"w\": \(w)}"
        case let .interval(w, lower, upper): return "{\"kind\": \"interval\", \"w\": \(w), \"t\": \(list([lower, upper]))}"
        case let .ramp(from, to): return "{\"kind\": \"ramp\", \"t\": \(list([from.t, to.t])), \"w\": \(list([from.w, to.w]))}"
        case let .table(breaks, values): return "{\"kind\": \"table\", \"t\": \(list(breaks)), \"w\": \(list(values))}"
        }
    }
}
