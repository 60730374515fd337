import Claims
import Diffusion
import Foundation
import GuidanceNumerics
import Plot

/// `kind: gaussian-flow`: the probability flow of Gaussian data `N(μ, diag(l))` under EDM's VE
/// process, solved numerically and compared with its closed form (claims G3.1 and G3.2).
///
/// The data's covariance is `S = H diag(l) H` with the Householder reflection `H = I - (2/d) 1 1ᵀ`,
/// so its eigenvectors `u_k = H e_k` are not the coordinate axes (for d ≥ 2) and every coordinate
/// of the ODE couples. The numerical flow is GSL's rk8pd at tolerance 1e-13 on the velocity of `GaussianData`
/// (Cholesky solves of `(S + σ²I)`, independent of the eigendecomposition), from `σ_T` down to
/// `σ_e` (the range ends), started at `x_T = μ + σ_T·(1, …, 1)`. The closed form is
/// `GaussianFlow` (`x(σ) = μ + Σ_k sqrt((l_k + σ²)/(l_k + σ_T²)) u_k u_kᵀ (x_T - μ)`, through the
/// Jacobi eigendecomposition of S). Per direction k, with `a_k = u_kᵀ(x - μ)`: the coefficient ratio `a_k(σ_e)/a_k(σ)` on a grid of σ
/// log-uniform in the range, its closed form `sqrt((l_k + σ_e²)/(l_k + σ²))` and the worst relative
/// difference on the grid; the crossing σ*_k where the measured ratio is `1/√2` (Brent on log σ,
/// one ODE solve per evaluation, relative tolerance 1e-12), against `sqrt(l_k + 2σ_e²)` (and the
/// paper's `√l_k`, its σ_e → 0 form). Under the table: the largest `|x_ode - x_closed|` on the grid.
/// Differences at rounding level print as bounds (`< 1e-10`; `< 1e-9` for crossings, Brent's
/// bracket being 1e-10 in log σ), so that the output does not depend on the last bits of libm.
///
/// `plot: lines`: the measured ratio against σ (log x) per direction, the closed form dashed in
/// the same colour.
public struct GaussianFlowExperiment: Experiment {
    public static let kind = "gaussian-flow"
    public static let summary = "the VE probability flow of Gaussian data, rk8pd against the closed form: direction ratios and their 1/√2 crossings (G3.1, G3.2)"
    public static let keys = ["variances", "mean", "sigma-range", "points", "plot"] + FigureSettings.keys

    var variances: [Double]
    var mean: [Double]
    var range: (end: Double, start: Double)
    var points: Int
    var figure: FigureSettings?

    public init(_ block: inout ExperimentBlock, context: CellContext) throws {
        variances = try block.numbers("variances", in: 0...1e4)
        guard variances.count <= 16 else {
            throw NotebookError.setting("variances", "\(variances.count) numbers", allowed: "1 to 16 variances in [0, 1e4]", line: block.line(of: "variances"))
        }
        mean = try block.numbers("mean", default: variances.map { _ in 0 }, in: -1e4...1e4)
        guard mean.count == variances.count else {
            throw NotebookError.setting("mean", block.text("mean") ?? "", allowed: "\(variances.count) numbers in [-1e4, 1e4], one per variance", line: block.line(of: "mean"))
        }
        let bounds = try block.numbers("sigma-range", default: [0.002, 80], in: 1e-6...1e5)
        guard bounds.count == 2, bounds[0] < bounds[1] else {
            throw NotebookError.setting("sigma-range", block.text("sigma-range") ?? "", allowed: "two numbers σ_e, σ_T in [1e-6, 1e5] with σ_e < σ_T", line: block.line(of: "sigma-range"))
        }
        range = (bounds[0], bounds[1])
        points = context.gridPoints(try block.integer("points", default: 25, in: 2...1000))
        let plot = try block.choice("plot", default: "none", from: ["none", "lines"])
        figure = try FigureSettings.read(&block)
        if (plot == "none") != (figure == nil) {
            throw NotebookError.setting("plot", plot, allowed: "lines exactly when a figure: is given", line: block.line(of: "plot"))
        }
    }

    /// `x` in `%.3e`, or `< floor` when it is below it (rounding noise).
    static func difference(_ x: Double, floor: Double) -> String {
        abs(x) < floor ? "< \(NumberText.short(floor))" : NumberText.scientific(x)
    }

    public func run(_ context: CellContext) throws -> CellResult {
        let d = variances.count
        // u_k = H e_k, and the factor B = H diag(√l) (S = B Bᵀ), row-major d × d.
        let basis = (0..<d).map { k in (0..<d).map { i in (i == k ? 1 : 0) - 2 / Double(d) } }
        let factor = (0..<(d * d)).map { basis[$0 % d][$0 / d] * variances[$0 % d].squareRoot() }
        let data = GaussianData(mean: mean, factor: factor, rank: d)
        let velocity = data.velocity(schedule: .edm)
        let flow = try MomentMatchedGaussian(mean: mean, covariance: data.covariance).flow
        func coefficient(_ x: [Double], _ k: Int) -> Double { (0..<d).reduce(0) { $0 + basis[k][$1] * (x[$1] - mean[$1]) } }
        let start = mean.map { $0 + range.start }
        let sigmas = (0..<points).map { range.start * pow(range.end / range.start, Double($0) / Double(points - 1)) }
        /// The numerical flow at `at` (decreasing σ's).
        func solve(_ at: [Double]) throws -> [[Double]] {
            try AdaptiveODE.solve(velocity, initial: start, from: range.start, to: at, absoluteTolerance: 1e-13, relativeTolerance: 1e-13)
        }
        context.progress("gaussian-flow: \(d) directions, rk8pd on \(points) noise levels and a Brent search per direction")
        let path = try solve(sigmas)
        let final = path.last!
        var worstClosed = 0.0
        for (sigma, x) in zip(sigmas, path) {
            worstClosed = max(worstClosed, zip(flow.map(start, from: range.start, to: sigma, schedule: .edm), x).map { abs($0 - $1) }.max()!)
        }
        var chart = figure.map { LineChart(frame: $0.frame(xLabel: "noise level σ (data units, log scale)", yLabel: "a_k(σ_e) / a_k(σ) (dimensionless)"), xLog: true) }
        var rows: [[String]] = []
        let se2 = range.end * range.end
        for k in 0..<d {
            let l = variances[k]
            let measured = path.map { coefficient(final, k) / coefficient($0, k) }
            let closed = sigmas.map { ((l + se2) / (l + $0 * $0)).squareRoot() }
            let worst = zip(measured, closed).map { abs($0 / $1 - 1) }.max()!
            var failure: Error?
            let root = try BrentRoot.solve({ logSigma in
                do { return coefficient(final, k) / coefficient(try solve([exp(logSigma)])[0], k) - 0.5.squareRoot() } catch {
                    failure = error
                    return .nan
                }
            }, lower: log(range.end * 1.0001), upper: log(range.start), absoluteTolerance: 1e-10, relativeTolerance: 1e-12)
            if let failure { throw failure }
            let crossing = exp(root.value)
            let predicted = (l + 2 * se2).squareRoot()
            rows.append([NumberText.short(l), Self.difference(worst, floor: 1e-10), NumberText.short(crossing), NumberText.short(predicted),
                         Self.difference(crossing / predicted - 1, floor: 1e-9), NumberText.short(l.squareRoot())])
            let name = "direction with l = \(NumberText.short(l))"
            chart?.add(name, points: Array(zip(sigmas, measured)))
            chart?.add("closed form, l = \(NumberText.short(l))", points: Array(zip(sigmas, closed)), dashed: true, colorOf: name)
        }
        var lines = MarkdownTable.lines(header: ["variance l_k", "ratio: worst relative difference from the closed form", "crossing σ*_k (rk8pd + Brent)", "sqrt(l_k + 2σ_e²)", "σ*_k / sqrt(l_k + 2σ_e²) − 1", "paper's √l_k"], rows: rows)
        lines += ["", "Largest |x_ode − x_closed| on the \(points) noise levels from σ = \(NumberText.short(range.start)) to \(NumberText.short(range.end)): \(Self.difference(worstClosed, floor: 1e-10)) (start x_T = μ + \(NumberText.short(range.start))·(1, …, 1))."]
        guard let figure, let chart else { return CellResult(lines: lines) }
        return CellResult(lines: lines + figure.markdown, figures: [FigureFile(path: figure.path, contents: chart.svg())])
    }
}
