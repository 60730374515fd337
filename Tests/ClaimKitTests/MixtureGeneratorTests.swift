import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics
import Testing

/// The mixture generator keeps every constraint it is given, is a function of the seed, and its
/// shrinker only proposes strictly simpler valid specs; a false property over 2-D mixtures
/// shrinks to a small, round counterexample; a spec's marginal is the exact marginal law.
@Suite("Random mixture models")
struct MixtureGeneratorTests {
    static let configurations: [(name: String, constraints: MixtureConstraints)] = {
        var all: [(String, MixtureConstraints)] = [("1-D, every kind", MixtureConstraints())]
        var c = MixtureConstraints()
        c.dimension = 2
        c.components = 1...4
        all.append(("2-D, every kind", c))
        c.kinds = [.box, .piecewise, .smooth]
        c.disjointSupports = true
        c.classes = 3
        all.append(("2-D, three disjoint compact classes", c))
        c = MixtureConstraints()
        c.kinds = [.piecewise, .smooth, .box]
        c.disjointSupports = true
        c.mirrored = true
        c.minimumGap = 0.5
        all.append(("1-D mirrored, disjoint", c))
        c = MixtureConstraints()
        c.dimension = 2
        c.kinds = [.gaussian]
        c.equalVariances = true
        c.minimumSeparation = 2
        c.weightFloor = 0.2
        all.append(("2-D Gaussians, equal variances, separated", c))
        c = MixtureConstraints()
        c.dimension = 2
        c.kinds = [.gaussian, .box]
        c.mirrored = true
        c.process = "vp-cosine"
        all.append(("2-D mirrored Gaussians and boxes, VP", c))
        return all
    }()

    static func generator(_ index: Int, edge: Bool) -> CaseGenerator {
        CaseGenerator(seed: CaseSeed(master: 7, claimID: "mixtures", index: index, edgeCase: edge), profile: .ci)
    }

    @Test("every draw satisfies its constraints, builds and survives a JSON round trip", arguments: configurations.indices)
    func drawsKeepConstraints(configuration: Int) throws {
        let (name, constraints) = Self.configurations[configuration]
        var kindsSeen = Set<String>()
        for index in 0..<200 {
            var g = Self.generator(index, edge: index < 20)
            let spec = try g.mixture(constraints)
            #expect(constraints.violations(of: spec).isEmpty, "\(name), draw \(index): \(constraints.violations(of: spec)) in \(spec.json())")
            let (mixture, _) = try spec.build()
            #expect(mixture.dimension == constraints.dimension)
            #expect(try MixtureSpec.parse(Data(spec.json().utf8)) == spec)
            kindsSeen.formUnion(spec.classes.flatMap(\.components).map { $0.kind })
        }
        #expect(kindsSeen.count >= min(constraints.kinds.count, 2), "\(name): kinds drawn \(kindsSeen)")
    }

    @Test("edge cases have the fewest components, equal weights and tiny or huge scales")
    func edgeCases() throws {
        var c = MixtureConstraints()
        c.dimension = 2
        var zooms = Set<Bool>()
        for index in 0..<20 {
            var g = Self.generator(index, edge: true)
            let spec = try g.mixture(c)
            #expect(spec.classes.allSatisfy { $0.components.count == 1 })
            #expect(Set(spec.classes.map(\.weight)).count == 1)
            var positions: [Double] = []
            for component in spec.classes.flatMap(\.components) {
                positions += component.mean ?? []
                positions += component.lower ?? []
                for factor in component.factors ?? [] { positions += factor.lower ?? [] }
            }
            let size = positions.map { abs($0) }.max() ?? 0
            zooms.insert(size > 10)
        }
        #expect(zooms == [true, false], "both tiny and huge models are drawn")
    }

    @Test("a draw is a function of the seed")
    func deterministic() throws {
        var c = MixtureConstraints()
        c.dimension = 2
        for index in 0..<20 {
            var a = Self.generator(index, edge: false), b = Self.generator(index, edge: false)
            #expect(try a.mixture(c) == b.mixture(c))
        }
    }

    @Test("shrink candidates are strictly simpler, valid and buildable", arguments: configurations.indices)
    func shrinkCandidates(configuration: Int) throws {
        let (name, constraints) = Self.configurations[configuration]
        for index in 0..<30 {
            var g = Self.generator(index, edge: false)
            let spec = try g.mixture(constraints)
            let key = Shrink.complexity(spec)
            for candidate in Shrink.mixture(spec, constraints: constraints) {
                #expect(Shrink.complexity(candidate) < key, "\(name): \(Shrink.complexity(candidate)) vs \(key)")
                #expect(constraints.violations(of: candidate).isEmpty)
                #expect((try? candidate.build()) != nil)
            }
        }
    }

    @Test("a false property over 2-D mixtures shrinks to a small, round counterexample")
    func falsePropertyShrinks() throws {
        var c = MixtureConstraints()
        c.dimension = 2
        c.components = 1...4
        // False: "no class has more than one component".
        func fails(_ spec: MixtureSpec) -> Bool { spec.classes.contains { $0.components.count > 1 } }
        var index = 0, found: MixtureSpec?
        while found == nil {
            var g = Self.generator(1000 + index, edge: false)
            let spec = try g.mixture(c)
            if fails(spec) && spec.classes.reduce(0, { $0 + $1.components.count }) >= 5 { found = spec }
            index += 1
        }
        var current = try #require(found)
        while let next = Shrink.mixture(current, constraints: c).first(where: fails) { current = next }
        #expect(current.classes.map(\.components.count).sorted() == [1, 2], "\(current.json())")
        #expect(Shrink.complexity(current) < Shrink.complexity(found!))
        let numbers = current.classes.flatMap(\.components).flatMap { component -> [Double] in
            (component.mean ?? []) + (component.lower ?? []) + (component.upper ?? []) + (component.cov ?? []).flatMap { $0 }
        }
        #expect(numbers.allSatisfy { Shrink.roundness($0).digits <= 2 }, "round numbers: \(numbers)")
        #expect(current.classes.allSatisfy { Set($0.components.map(\.weight)).count == 1 }, "equal weights: \(current.json())")
    }

    @Test("bad constraints are typed errors naming the field")
    func badConstraints() {
        var c = MixtureConstraints()
        c.disjointSupports = true
        #expect(throws: ClaimKitError.self) { try c.validate() }
        do { try c.validate() } catch { #expect("\(error)".contains("MixtureConstraints.kinds")) }
        c = MixtureConstraints()
        c.dimension = 3
        do { try c.validate() } catch { #expect("\(error)".contains("MixtureConstraints.dimension")) }
        c = MixtureConstraints()
        c.mirrored = true
        c.classes = 3
        do { try c.validate() } catch { #expect("\(error)".contains("MixtureConstraints.classes")) }
    }

    @Test("a spec's marginal is the exact marginal of the noised law (quadrature, 1e-8)")
    func marginalIsExact() throws {
        let spec = MixtureSpec(process: .init(kind: "ou"), classes: [
            .init(weight: 0.6, components: [
                .uniform(weight: 0.5, lower: [0, -1], upper: [1, 2]),
                .product(weight: 0.3, factors: [.beta(lower: -2, upper: 0.5, alpha: 2, beta: 3), IntervalShape.ramp(left: 1, right: 3).component(lower: 0, upper: 1)]),
            ]),
            .init(weight: 0.4, components: [.gaussian(weight: 1, mean: [1, -1], cov: [[0.5, 0.3], [0.3, 0.8]])]),
        ])
        for coordinate in 0..<2 {
            let line = try spec.marginal(coordinate: coordinate).build().mixture.noised(at: 0.3, schedule: .ou)
            let plane = try spec.build().mixture.noised(at: 0.3, schedule: .ou)
            for x in [-2.5, -0.3, 0.4, 1.7] {
                let exact = exp(try line.evaluate([x], classIndex: 0, w: 0).logDensity)
                var failure: Error?
                let integral = try Quadrature.integrate({ y in
                    let point = coordinate == 0 ? [x, y] : [y, x]
                    do { return exp(try plane.evaluate(point, classIndex: 0, w: 0).logDensity) } catch {
                        failure = error
                        return .nan
                    }
                }, from: -.infinity, to: .infinity, relativeTolerance: 1e-10)
                if let failure { throw failure }
                #expect(abs(integral.value - exact) <= 1e-8 * exact, "coordinate \(coordinate), x = \(x): \(integral.value) vs \(exact)")
            }
        }
        #expect(throws: ModelError.self) { try spec.marginal(coordinate: 2) }
    }
}
