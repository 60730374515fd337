import ClaimKit
import Testing

@Suite("Shrinkers propose strictly simpler candidates, simplest first")
struct ShrinkTests {
    @Test func roundnessOrder() {
        #expect(Shrink.roundness(0).digits == 0)
        #expect(Shrink.roundness(50).digits == 1)
        #expect(Shrink.roundness(0.25).digits == 2)
        #expect(Shrink.roundness(1e-5).digits == 1)
        #expect(Shrink.isRounder(50, than: 49.7))
        #expect(Shrink.isRounder(2, than: 3))
        #expect(!Shrink.isRounder(3, than: 3))
    }

    @Test func towardsRoundIsStrictlySimplerAndOrdered() {
        for x in [49.73, -3.14159, 0.001234, 1e6 + 0.5, 7.0, 1.0] {
            let candidates = Shrink.towardsRound(x)
            #expect(candidates.first == 0)
            #expect(candidates.allSatisfy { Shrink.isRounder($0, than: x) }, "\(x): \(candidates)")
            #expect(zip(candidates, candidates.dropFirst()).allSatisfy { !Shrink.isRounder($1, than: $0) })
        }
        #expect(Shrink.towardsRound(0).isEmpty)
        #expect(Shrink.towardsRound(49.73).contains(50))
    }

    @Test func towardsTargetGetsCloser() {
        let candidates = Shrink.towards(3.7, target: 1)
        #expect(candidates.first == 1)
        #expect(candidates.allSatisfy { abs($0 - 1) < 2.7 })
        #expect(Shrink.integer(10, towards: 2) == [2, 6, 9])
        #expect(Shrink.integer(-5) == [0, -2, -4])
        #expect(Shrink.integer(3, towards: 3).isEmpty)
    }

    @Test func arraysShrinkByLengthFirst() {
        let candidates = Shrink.array([1.5, 2.5, 3.5], minCount: 1, element: Shrink.towardsRound)
        #expect(candidates.prefix(5).map(\.count) == [2, 2, 2, 2, 2])
        #expect(candidates.dropFirst(5).allSatisfy { $0.count == 3 })
        #expect(Shrink.array([1.0], minCount: 1).isEmpty)
    }

    @Test func weightsShrinkToSymmetryFirst() {
        let candidates = Shrink.weights([0.237, 0.763])
        #expect(candidates.first == [0.5, 0.5])
        #expect(candidates.contains([0.2, 0.8]))
        #expect(Shrink.weights([0.5, 0.5]).isEmpty)
    }

    @Test func fieldShrinksOneField() {
        struct Case { var w: Double; var n: Int }
        let shrunk = Shrink.field(Case(w: 7.5, n: 3), \.n) { Shrink.integer($0) }
        #expect(shrunk.map(\.n) == [0, 1, 2] && shrunk.allSatisfy { $0.w == 7.5 })
    }
}
