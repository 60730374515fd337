import Foundation
import Testing
import GuidanceNumerics

struct QuadratureTests {
    @Test("QAGS, QAGI, QAGIU, QAGP against closed forms")
    func closedForms() throws {
        let gaussian = try Quadrature.integrate({ exp(-$0 * $0) }, from: -.infinity, to: .infinity)
        #expect(abs(gaussian.value - Double.pi.squareRoot()) < 1e-12)
        let tail = try Quadrature.integrate({ exp(-$0) }, from: 2, to: .infinity)
        #expect(abs(tail.value - exp(-2)) < 1e-14)
        let singular = try Quadrature.integrate({ 1 / $0.squareRoot() }, from: 0, to: 1)
        #expect(abs(singular.value - 2) < 1e-10)
        let kink = try Quadrature.integrate({ abs($0 - 0.3) }, from: 0, to: 1, breakpoints: [0.3])
        #expect(abs(kink.value - (0.045 + 0.245)) < 1e-14)
        #expect(gaussian.error < 1e-9)
    }

    @Test("a non-finite integrand is an error, not a number")
    func nonFinite() {
        #expect(throws: NumericsError.self) {
            try Quadrature.integrate({ _ in .nan }, from: 0, to: 1)
        }
    }
}

struct AdaptiveODETests {
    @Test("rk8pd on y' = -y y: exact 1/(1 + t) to 1e-10, forwards and backwards")
    func logistic() throws {
        let states = try AdaptiveODE.solve({ _, y, dy in dy[0] = -y[0] * y[0] }, initial: [1], from: 0, to: [1, 2, 5])
        for (t, y) in zip([1.0, 2, 5], states) { #expect(abs(y[0] - 1 / (1 + t)) < 1e-10) }
        let back = try AdaptiveODE.solve({ _, y, dy in dy[0] = -y[0] * y[0] }, initial: [1.0 / 6], from: 5, to: [0])
        #expect(abs(back[0][0] - 1) < 1e-9)
    }

    @Test("a blow-up is a typed error")
    func blowUp() {
        #expect(throws: NumericsError.self) {
            try AdaptiveODE.solve({ _, y, dy in dy[0] = y[0] * y[0] }, initial: [1], from: 0, to: [2], maxSteps: 10_000)
        }
    }
}

struct BrentRootTests {
    @Test("roots of cos and of a far-off monotone function")
    func roots() throws {
        let r = try BrentRoot.solve(cos, lower: 0, upper: 3)
        #expect(abs(r.value - Double.pi / 2) < 1e-11)
        let far = try BrentRoot.solveExpanding({ $0 - 1234.5 }, lower: -1, upper: 1)
        #expect(abs(far.value - 1234.5) < 1e-8)
        #expect(throws: NumericsError.self) { try BrentRoot.solve({ $0 * $0 + 1 }, lower: -1, upper: 1) }
    }
}
