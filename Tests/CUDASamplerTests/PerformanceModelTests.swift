import CUDASampler
import Testing

@Suite struct PerformanceModelTests {
    /// A step loop ($L_step) holding an inner loop ($L_inner) and a loop after it ($L_tail,
    /// outside the step loop, a reduction).
    static let ptx = """
        .version 8.5
        .target sm_90
        .address_size 64
        .visible .entry other(
            .param .u32 other_param_0
        )
        {
        $L_x:
            add.f32 %f1, %f1, %f1;
            bra.uni $L_x;
        }
        .visible .entry k(
            .param .align 8 .b8 k_param_0[16]
        )
        {
            .reg .f32 %f<20>;
            mov.u32 %r1, 0;
            ld.param.u64 %rd1, [k_param_0];
        $L_step:
            ex2.approx.ftz.f32 %f2, %f1;      // one SFU
            fma.rn.f32 %f3, %f2, %f1, %f2;
            mov.f32 %f4, %f3;                 // not counted
            mov.u32 %r2, 0;
        $L_inner:
            lg2.approx.f32 %f5, %f3;
            mul.f64 %fd1, %fd2, %fd3;
            ld.global.nc.f32 %f6, [%rd1];
            add.s32 %r2, %r2, 1;
            setp.lt.s32 %p2, %r2, %r3;
            @%p2 bra $L_inner;
            div.rn.f32 %f7, %f5, %f6;         // SFU + 4 FP32
            add.s32 %r1, %r1, 1;
            setp.lt.s32 %p1, %r1, %r4;
            @%p1 bra $L_step;
        $L_tail:
            atom.global.add.f32 %f8, [%rd1], %f7;
            add.s32 %r5, %r5, 1;
            setp.lt.s32 %p3, %r5, 2;
            @%p3 bra $L_tail;
            ret;
        }
        """

    @Test func countsTheStepLoopWithInnerTrips() throws {
        let mix = try #require(PTXInstructionMix.stepLoop(of: "k", in: Self.ptx, innerTrips: 3))
        // ex2 + 3 × lg2 + div.rn; fma + 4 (div.rn); 3 × mul.f64; 3 × (add.s32 + setp.s32) + add.s32 + setp.s32.
        #expect(mix.specialFunction == 1 + 3 + 1)
        #expect(mix.fp32 == 1 + 4)
        #expect(mix.fp64 == 3)
        #expect(mix.integer == 3 * 2 + 2)
        #expect(mix.memory == ["global": 3])
        #expect(mix.control == 3 + 1)
        #expect(mix.innerLoops == 1)
        #expect(mix.issued == 5 + 5 + 3 + 8 + 3 + 4)
        #expect(PTXInstructionMix.stepLoop(of: "missing", in: Self.ptx, innerTrips: 3) == nil)
    }

    @Test func predictsTheBindingUnitFromRatesAndOccupancy() throws {
        let mix = try #require(PTXInstructionMix.stepLoop(of: "k", in: Self.ptx, innerTrips: 3))
        // 64 registers: 2048 per warp, 32 warps, efficiency 1. SFU: 132·16·1.98e9/5; FP64: 132·64·1.98e9/3.
        let model = PerformanceModel(mix: mix, registers: 64)
        #expect(model.warpsPerSM == 32 && model.efficiency == 1 && model.occupancy == 0.5)
        let bound = try #require(model.prediction)
        #expect(bound.unit == "SFU")
        #expect(abs(bound.particleStepsPerSecond - 132 * 16 * 1.98e9 / 5) < 1)
        // 255 registers: 8192 per warp, 8 warps, efficiency ½.
        let starved = PerformanceModel(mix: mix, registers: 255)
        #expect(starved.warpsPerSM == 8)
        #expect(abs(try #require(starved.prediction).particleStepsPerSecond - bound.particleStepsPerSecond / 2) < 1)
    }
}
