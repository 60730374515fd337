import ArgumentParser

/// The named workloads of `guidance bench`.
enum BenchWorkload: String, CaseIterable, ExpressibleByArgument {
    case gaussD2 = "gauss-d2"
    case gaussD16 = "gauss-d16"
    case boxD2 = "box-d2"
    case flowmap
    case quadrature
    case scaling

    static let standard: [BenchWorkload] = [.gaussD2, .gaussD16, .boxD2, .flowmap, .quadrature]
}

/// A failure of the benchmark itself (a peer that fails is a notice, not an error).
enum BenchError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}
