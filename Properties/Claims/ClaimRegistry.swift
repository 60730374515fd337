import ClaimKit

/// Every claim of the suite, in the order the verdict table lists them. A new claim is one
/// entry here plus its definition in the file of its paper section.
public enum ClaimRegistry {
    public static let all: [AnyClaim] = [
        NumericsClaims.normalTails,
        NumericsClaims.normalSampler,
        Prerequisite.claim.erased,
        SolverOrder.claim.erased,
        Prerequisite2D.claim.erased,
        NotTilting.claim.erased,
        Theorem1.claim.erased,
        Theorem1UnequalWeights.claim.erased,
        Theorem1NonMirrored.claim.erased,
        Theorem2.sign.erased,
        Theorem2.literal.erased,
        Theorem2.rate.erased,
        Theorem3.claim.erased,
        Theorem3InTwoDimensions.claim.erased,
        Theorem3ConstantOffset.claim.erased,
        Experiments.claim.erased,
        Mechanism.claim.erased,
        Mechanism.literal.erased,
        G2_1.claim,
        G2_2.claim,
        G2_3.claim,
        G2_4.claim,
        G2_4c.claim,
        G3_1.claim,
        G3_2.claim,
        G3_3.claim,
        G3_4.claim,
    ]

    /// The claim with `id`; the error lists the known ids.
    public static func claim(_ id: String) throws(ClaimKitError) -> AnyClaim {
        try AnyClaim.find(id, in: all)
    }
}
