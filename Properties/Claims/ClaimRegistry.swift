import ClaimKit

/// Every claim of the suite, in the order the verdict table lists them. A new claim is one
/// entry here plus its definition in the file of its paper section.
public enum ClaimRegistry {
    public static let all: [AnyClaim] = [
        NumericsClaims.normalTails,
        NumericsClaims.normalSampler,
        NotTilting.claim.erased,
        Theorem1.claim.erased,
        Theorem1UnequalWeights.claim.erased,
        Theorem1NonMirrored.claim.erased,
        Theorem2.sign.erased,
        Theorem2.literal.erased,
        Theorem2.rate.erased,
        Theorem3.claim.erased,
        Theorem3ConstantOffset.claim.erased,
    ]

    /// The claim with `id`; the error lists the known ids.
    public static func claim(_ id: String) throws(ClaimKitError) -> AnyClaim {
        try AnyClaim.find(id, in: all)
    }
}
