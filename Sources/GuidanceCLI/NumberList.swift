import ArgumentParser

/// A comma-separated list of numbers on the command line: `--x 1,-2.5`, `--quantiles 0.01,0.5`.
///
/// Parsing accepts anything `Double` reads (`nan` and `inf` included), so that `validate()` can
/// reject non-finite values with a message naming the option instead of a parse error.
struct NumberList: ExpressibleByArgument, Sendable {
    var values: [Double]

    init(_ values: [Double]) { self.values = values }

    init?(argument: String) {
        var values: [Double] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        self.values = values
    }

    var defaultValueDescription: String { values.map { "\($0)" }.joined(separator: ",") }

    /// Throws `InputError` naming `field` unless every value is finite and satisfies `isAllowed`.
    func check(_ field: String, allowed: String, _ isAllowed: (Double) -> Bool = { _ in true }) throws {
        for value in values where !(value.isFinite && isAllowed(value)) {
            throw InputError(field: field, value: "\(value)", allowed: allowed)
        }
    }
}
