/// An offline bound on a kernel's throughput in particle-steps per second, from the instruction
/// mix of its step loop (`PTXInstructionMix`), a card's published per-SM rates and the
/// occupancy ptxas's register count allows. A model, never a measurement.
///
/// For each unit u with `r_u` lanes per SM per clock and `n_u` operations per particle-step:
///
///     rate_u = SMs · r_u · clock · efficiency / n_u,    efficiency = min(1, warps / 16)
///
/// and the prediction is the smallest `rate_u` (the binding unit). "issue" is the schedulers'
/// limit (4 per SM, one warp instruction per clock: 128 thread instructions) on everything
/// counted. `warps` is the resident warps per SM the registers allow (64 K registers per SM,
/// allocated per warp in units of 256, at most 64 warps); 16 warps (4 per scheduler) is the
/// assumed need to cover a dependent arithmetic latency of about 4 clocks without
/// instruction-level parallelism. Memory operations are taken to hit L1 or the constant cache
/// (the mixture tables are small and shared by every thread), so they bound at the load/store
/// units' rate, not at DRAM bandwidth. Expect the real kernel to land below the bound: the model
/// ignores latency chains longer than 4 clocks, bank conflicts and the reductions after the loop.
public struct PerformanceModel: Sendable {
    /// A card's published figures.
    public struct Card: Sendable {
        public var name: String
        public var multiprocessors: Double
        public var clockHz: Double
        public var fp32Lanes: Double
        public var fp64Lanes: Double
        public var specialFunctionLanes: Double
        public var integerLanes: Double
        public var loadStoreLanes: Double
        public var issueLanes: Double
        public var registersPerSM: Double
        public var maxWarpsPerSM: Double

        /// H100 SXM5: 132 SMs at 1.98 GHz boost; per SM per clock 128 FP32, 64 FP64, 16 SFU,
        /// 64 INT32 and 32 load/store lanes, 4 schedulers; 65 536 registers, 64 warps.
        public static let h100SXM = Card(
            name: "H100 SXM", multiprocessors: 132, clockHz: 1.98e9, fp32Lanes: 128, fp64Lanes: 64, specialFunctionLanes: 16,
            integerLanes: 64, loadStoreLanes: 32, issueLanes: 128, registersPerSM: 65_536, maxWarpsPerSM: 64)
    }

    /// One unit's bound.
    public struct Bound: Sendable, Equatable {
        public var unit: String
        public var operationsPerStep: Double
        public var particleStepsPerSecond: Double
    }

    public let card: Card
    public let mix: PTXInstructionMix
    public let registers: Int

    public init(card: Card = .h100SXM, mix: PTXInstructionMix, registers: Int) {
        self.card = card
        self.mix = mix
        self.registers = registers
    }

    /// Resident warps per SM: `min(64, ⌊65536 / (⌈32·R/256⌉·256)⌋)` for R registers per thread.
    public var warpsPerSM: Double {
        let perWarp = ((32 * max(registers, 1) + 255) / 256) * 256
        return min(card.maxWarpsPerSM, (card.registersPerSM / Double(perWarp)).rounded(.down))
    }

    public var occupancy: Double { warpsPerSM / card.maxWarpsPerSM }

    public var efficiency: Double { min(1, warpsPerSM / 16) }

    /// Every unit's bound, tightest first; units the loop does not use are left out.
    public var bounds: [Bound] {
        let units: [(String, Double, Double)] = [
            ("SFU", card.specialFunctionLanes, mix.specialFunction), ("FP32", card.fp32Lanes, mix.fp32),
            ("FP64", card.fp64Lanes, mix.fp64), ("INT", card.integerLanes, mix.integer),
            ("LSU", card.loadStoreLanes, mix.memoryOperations), ("issue", card.issueLanes, mix.issued),
        ]
        return units.filter { $0.2 > 0 }.map { unit, lanes, count in
            Bound(unit: unit, operationsPerStep: count, particleStepsPerSecond: card.multiprocessors * lanes * card.clockHz * efficiency / count)
        }.sorted { $0.particleStepsPerSecond < $1.particleStepsPerSecond }
    }

    /// The predicted particle-steps per second and the unit that sets it (nil for an empty loop).
    public var prediction: Bound? { bounds.first }
}
