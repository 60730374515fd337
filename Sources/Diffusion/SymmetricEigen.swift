import Foundation

/// The eigendecomposition `A = Σ_k λ_k u_k u_kᵀ` of a real symmetric matrix, by the cyclic
/// Jacobi method.
///
/// ```
/// A = U diag(λ) Uᵀ,   UᵀU = I,   λ_0 ≥ λ_1 ≥ … ≥ λ_{d-1}
/// ```
/// Each sweep annihilates every off-diagonal entry once with a plane rotation (Rutishauser's
/// formulas); sweeps stop when the off-diagonal mass is below `1e-15·‖A‖_F` or after 100 sweeps.
/// Jacobi is backward stable with high relative accuracy: for `d ≤ 64`,
/// `‖A - U Λ Uᵀ‖_F ≲ d·ε·‖A‖_F` and `|UᵀU - I| ≲ d·ε` (checked in `GaussianFlowTests`).
/// A positive semi-definite matrix gives eigenvalues ≥ `-d·ε·‖A‖` (tiny negative values from
/// rounding are possible; `GaussianFlow` clamps them at 0).
public struct SymmetricEigen: Sendable, Equatable {
    public let dimension: Int
    /// Eigenvalues, decreasing.
    public let values: [Double]
    /// `vectors[k]` is the unit eigenvector `u_k` of `values[k]`.
    public let vectors: [[Double]]

    /// Decomposes the row-major `d × d` matrix `matrix`. Throws `ModelError` naming `field` when it
    /// is not square, not finite or not symmetric (to `1e-12` relative).
    public init(_ matrix: [Double], dimension d: Int, field: String = "matrix") throws {
        guard d > 0, matrix.count == d * d else {
            throw ModelError(field: field, value: "\(matrix.count) entries", allowed: "a \(d)×\(d) matrix")
        }
        guard matrix.allSatisfy(\.isFinite) else { throw ModelError(field: field, value: "\(matrix)", allowed: "finite entries") }
        for i in 0..<d {
            for j in 0..<i where abs(matrix[i * d + j] - matrix[j * d + i]) > 1e-12 * max(1, abs(matrix[i * d + j])) {
                throw ModelError(field: field, value: "entry [\(i)][\(j)] = \(matrix[i * d + j]) vs [\(j)][\(i)] = \(matrix[j * d + i])", allowed: "a symmetric matrix")
            }
        }
        var a = matrix
        // Symmetrise exactly, so that rotations see one value per pair.
        for i in 0..<d { for j in 0..<i { let v = 0.5 * (a[i * d + j] + a[j * d + i]); a[i * d + j] = v; a[j * d + i] = v } }
        var v = [Double](repeating: 0, count: d * d)
        for i in 0..<d { v[i * d + i] = 1 }
        let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<d { for j in 0..<i { off += 2 * a[i * d + j] * a[i * d + j] } }
            if off.squareRoot() <= 1e-15 * norm || norm == 0 { break }
            for p in 0..<(d - 1) {
                for q in (p + 1)..<d {
                    let apq = a[p * d + q]
                    if apq == 0 { continue }
                    // Rotation angle: θ = (a_qq - a_pp)/(2 a_pq), t = sign(θ)/(|θ| + sqrt(θ² + 1)).
                    let theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<d {
                        let akp = a[k * d + p], akq = a[k * d + q]
                        a[k * d + p] = c * akp - s * akq
                        a[k * d + q] = s * akp + c * akq
                    }
                    for k in 0..<d {
                        let apk = a[p * d + k], aqk = a[q * d + k]
                        a[p * d + k] = c * apk - s * aqk
                        a[q * d + k] = s * apk + c * aqk
                    }
                    a[p * d + q] = 0
                    a[q * d + p] = 0
                    for k in 0..<d {
                        let vkp = v[k * d + p], vkq = v[k * d + q]
                        v[k * d + p] = c * vkp - s * vkq
                        v[k * d + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<d).sorted { a[$0 * d + $0] > a[$1 * d + $1] }
        dimension = d
        values = order.map { a[$0 * d + $0] }
        vectors = order.map { k in (0..<d).map { v[$0 * d + k] } }
    }

    /// `U diag(λ) Uᵀ`, row-major.
    public var reconstructed: [Double] {
        let d = dimension
        var m = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            for i in 0..<d { for j in 0..<d { m[i * d + j] += values[k] * vectors[k][i] * vectors[k][j] } }
        }
        return m
    }
}
