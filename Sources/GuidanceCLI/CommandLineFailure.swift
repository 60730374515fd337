import ArgumentParser
import CUDASampler
import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// A bad command-line value: the option at fault, the value given and what is allowed. Printed
/// as `<field>: <value> — allowed: <range>`, the same shape as a `ModelError` from a spec.
struct InputError: Error, CustomStringConvertible {
    var field: String
    var value: String
    var allowed: String

    var description: String { "\(field): \(value) — allowed: \(allowed)" }

    /// The same error as an argument-parser `ValidationError`, for `validate()`.
    var validation: ValidationError { ValidationError(description) }
}

extension InputError {
    /// A library setting's `ModelError` (`Diffusion.Limits`) under the CLI's option name
    /// (`option`, e.g. `n` for the library's `particles`; the library's own field otherwise).
    init(_ error: ModelError, option: String? = nil) {
        self.init(field: option ?? error.field, value: error.value, allowed: error.allowed)
    }

    /// Runs a library check in `validate()`: its `ModelError` becomes a `ValidationError` naming `option`.
    static func validating(option: String? = nil, _ check: () throws -> Void) throws {
        do {
            try check()
        } catch let error as ModelError {
            throw InputError(error, option: option).validation
        }
    }

    /// Runs `body`; a `ModelError` about one of `options`' library fields is rethrown under the
    /// CLI's name for it (`["particles": "n"]`).
    static func renaming<T>(_ options: [String: String], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ModelError where options[error.field] != nil {
            throw InputError(error, option: options[error.field])
        }
    }
}

/// An output file that could not be written.
struct OutputError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    /// The option that named the file.
    var option = "out"

    var description: String { "\(option): \(path) — \(reason)" }
}

/// How a failure is reported: one line for stderr (nil for a help or version request, which
/// goes to stdout in full) and the exit status.
enum CommandLineFailure {
    /// Exit status of bad input (`EX_USAGE`, as the argument parser uses).
    static let badInput: Int32 = 64
    /// Exit status of a computation that could not reach its tolerance, or an unwritable output.
    static let failed: Int32 = 1

    static func describe(_ error: any Error) -> (line: String?, status: Int32) {
        switch error {
        case let error as ModelError:
            // A spec error the decoder could not place (a number too large for an integer field)
            // comes with an empty path; it still belongs to the spec.
            let field = error.field.isEmpty ? "(spec)" : error.field
            return (oneLine("\(field): \(error.value) — allowed: \(error.allowed)"), badInput)
        case let error as InputError:
            return (oneLine(error.description), badInput)
        case let error as NumericsError:
            return (oneLine("numerics: \(error.description)"), failed)
        case let error as OutputError:
            return (oneLine(error.description), failed)
        case let error as ShardMergeError:
            return (oneLine(error.description), badInput)
        case let error as ShardFileError:
            return (oneLine(error.description), badInput)
        case let error as CUDAError:
            // A bad value is input; a missing driver, NVRTC or a failed compile is the machine's.
            if case .invalid = error { return (oneLine(error.description), badInput) }
            return (oneLine(error.description), failed)
        default:
            let status = Guidance.exitCode(for: error).rawValue
            if status == 0 { return (nil, 0) }
            return (oneLine(Guidance.message(for: error)), status)
        }
    }

    /// Joins the lines of a message, so that stderr gets exactly one.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
