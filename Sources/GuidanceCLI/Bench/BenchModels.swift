import Diffusion
import Foundation

/// A workload's model: one `MixtureSpec`, built into the `Mixture` the Swift side runs and
/// handed to the peers as its JSON (`MixtureSpec.json()`, README "Spec format"), which
/// `Benchmarks/peers/peer_common.py` reads.
struct BenchModel {
    let spec: MixtureSpec
    let mixture: Mixture

    init(_ spec: MixtureSpec) throws {
        self.spec = spec
        mixture = try spec.build().mixture
    }

    /// The peers' input: `{"spec": <the spec's JSON>}`.
    var peerInput: [String: Any] {
        ["spec": (try? JSONSerialization.jsonObject(with: Data(spec.json().utf8))) ?? [:]]
    }
}

/// The fixed models of the workloads, as specs (OU; `Mixture` normalises the weights).
enum BenchModels {
    static let seed: UInt64 = 2026
    static let w = 3.0
    static let flowTolerance = 1e-8
    static let quadratureTimes = [0.01, 0.1, 1.0]

    /// Two classes of weight 1, each a mixture of `componentsPerClass` isotropic Gaussians in
    /// dimension d: component k of class c has mean `(2c - 1)·1.5 + sin(1.3 (k + 1)(i + 1) + c)` in
    /// coordinate i, covariance `(0.2 + 0.1 (k mod 4)) I` and relative weight `1 + k mod 3`.
    static func gaussian(dimension d: Int, componentsPerClass k: Int) throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: (0..<2).map { c in
            MixtureSpec.ClassSpec(weight: 1, components: (0..<k).map { j in
                let mean = (0..<d).map { i in Double(2 * c - 1) * 1.5 + sin(1.3 * Double((j + 1) * (i + 1)) + Double(c)) }
                let variance = 0.2 + 0.1 * Double(j % 4)
                let cov = (0..<d).map { i in (0..<d).map { $0 == i ? variance : 0 } }
                return .gaussian(weight: Double(1 + j % 3), mean: mean, cov: cov)
            })
        }))
    }

    /// Class 0: the box `[-2, -0.5] × [-1, 1]`; class 1: `[0.5, 2] × [-1.5, 0.5]`; both uniform.
    static func boxes() throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 1, components: [.uniform(lower: [-2, -1], upper: [-0.5, 1])]),
            .init(weight: 1, components: [.uniform(lower: [0.5, -1.5], upper: [2, 0.5])]),
        ]))
    }

    /// 1-D: class 0 `0.5 N(-1, 0.3) + 0.5 N(0.8, 0.1)`, class 1 `N(2, 0.5)`, equal class weights.
    static func oneDimensional() throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 1, components: [.gaussian(weight: 0.5, mean: [-1], cov: [[0.3]]), .gaussian(weight: 0.5, mean: [0.8], cov: [[0.1]])]),
            .init(weight: 1, components: [.gaussian(weight: 1, mean: [2], cov: [[0.5]])]),
        ]))
    }

    /// Beta(2, 5) on `[0, 1]`, quadrature-backed (relative tolerance 1e-10).
    static func beta() throws -> BenchModel {
        try BenchModel(MixtureSpec(process: .init(kind: "ou"), classes: [.init(weight: 1, components: [.beta(lower: 0, upper: 1, alpha: 2, beta: 5)])]))
    }

    /// Evaluation i: `x` evenly over `[-0.5, 1.5]`, the time cycling through `quadratureTimes`.
    static func quadraturePoints(_ n: Int) -> [(x: Double, time: Int)] {
        (0..<n).map { (-0.5 + 2 * (Double($0) + 0.5) / Double(n), $0 % quadratureTimes.count) }
    }
}
