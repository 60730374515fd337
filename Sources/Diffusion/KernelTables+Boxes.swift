import GuidanceNumerics

extension KernelTables {
    /// Numbers per coordinate in a box's noised record (`GL_BOX_RECORD` of sampler_abi.h).
    static let boxRecordSize = 26

    /// The component as a uniform box (every factor one constant segment), or nil.
    static func uniformBox(_ component: any Component) -> PiecewiseLinearProduct? {
        guard let product = component as? PiecewiseLinearProduct,
            product.factors.allSatisfy({ $0.segmentCount == 1 && $0.left[0] == $0.right[0] })
        else { return nil }
        return product
    }

    /// `[log w]`, then per coordinate the CPU's one-segment record at `(m, s)`
    /// (`NoisedPiecewiseLinear.SingleSegment`): `centre, h, 1/s, shortLogScale, wideLogScale`,
    /// 1 when `h ≤ ½` (else 0), and the first 20 `ShortSeriesCoefficients` of h (zeros when
    /// `h > ½`, where the CPU never reads them). Throws the CPU's `ModelError` for a box too
    /// narrow for this noise level (`PiecewiseLinearProduct.noised`).
    static func boxRecord(_ box: PiecewiseLinearProduct, logWeight: Double, m: Double, s: Double) throws -> [Double] {
        _ = try box.noised(m: m, s: s)
        var record = [logWeight]
        for factor in box.factors {
            let halfWidth = 0.5 * m * (factor.breaks[1] - factor.breaks[0]) / s
            let coefficients = halfWidth <= 0.5 ? ShortSeriesCoefficients(halfWidth: halfWidth) : nil
            let segment = NoisedPiecewiseLinear.SingleSegment(density: factor, m: m, s: s, coefficients: coefficients)
            record += [segment.centre, segment.halfWidth, segment.inverseS, segment.shortLogScale, segment.wideLogScale, segment.isShortWidth ? 1 : 0]
            record += coefficients.map { Array($0.coefficients[0..<20]) } ?? [Double](repeating: 0, count: 20)
        }
        return record
    }
}
