import Foundation

/// The Cholesky factor `L` (lower triangular, `A = L Lᵀ`) of a symmetric positive-definite
/// matrix, stored row-major, with the solves a Gaussian density needs.
///
/// Standard Cholesky–Banachiewicz; backward stable, so for a matrix with condition number κ the
/// solves are accurate to about `κ·ε`.
public struct Cholesky: Sendable {
    public let dimension: Int
    /// Row-major `L`, `dimension²` entries.
    public let lower: [Double]
    /// `log det A = 2 Σ log L_ii`.
    public let logDeterminant: Double

    /// Factors `matrix` (row-major, `n × n`). Throws `ModelError` naming `field` when the matrix
    /// is not symmetric or not positive definite.
    public init(_ matrix: [Double], dimension n: Int, field: String = "cov") throws {
        guard matrix.count == n * n, n > 0 else {
            throw ModelError(field: field, value: "\(matrix.count) entries", allowed: "a \(n)×\(n) matrix")
        }
        guard matrix.allSatisfy(\.isFinite) else {
            throw ModelError(field: field, value: "\(matrix)", allowed: "finite entries")
        }
        for i in 0..<n {
            for j in 0..<i where abs(matrix[i * n + j] - matrix[j * n + i]) > 1e-12 * max(1, abs(matrix[i * n + j])) {
                throw ModelError(field: field, value: "entry [\(i)][\(j)] = \(matrix[i * n + j]) vs [\(j)][\(i)] = \(matrix[j * n + i])", allowed: "a symmetric matrix")
            }
        }
        var l = [Double](repeating: 0, count: n * n)
        var logDet = 0.0
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else {
                        throw ModelError(field: field, value: "\(matrix)", allowed: "a positive-definite matrix (pivot \(i) is \(sum))")
                    }
                    l[i * n + i] = sum.squareRoot()
                    logDet += 2 * log(l[i * n + i])
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        self.dimension = n
        self.lower = l
        self.logDeterminant = logDet
    }

    /// Solves `L z = r` in place.
    @inlinable
    public func solveLower(_ r: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        lower.withUnsafeBufferPointer { l in
            for i in 0..<n {
                var sum = r[i]
                for k in 0..<i { sum -= l[i * n + k] * r[k] }
                r[i] = sum / l[i * n + i]
            }
        }
    }

    /// Solves `Lᵀ y = z` in place.
    @inlinable
    public func solveUpper(_ z: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        lower.withUnsafeBufferPointer { l in
            for i in stride(from: n - 1, through: 0, by: -1) {
                var sum = z[i]
                for k in (i + 1)..<n { sum -= l[k * n + i] * z[k] }
                z[i] = sum / l[i * n + i]
            }
        }
    }
}
