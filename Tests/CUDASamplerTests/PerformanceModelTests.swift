import CUDASampler
import Testing

@Suite struct PerformanceModelTests {
    /// A grid-stride particle loop ($L_particle) around the step loop ($L_step), which holds a
    /// class loop ($L_class) around a component loop unrolled twice ($L_comp, counter += 2); a
    /// loop after the particle loop ($L_tail) and another entry are not counted.
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
            ld.param.u64 %rd1, [k_param_0];
        $L_particle:
            add.s64 %rd5, %rd5, %rd6;
        $L_step:
            ex2.approx.ftz.f32 %f2, %f1;      // one SFU
            fma.rn.f32 %f3, %f2, %f1, %f2;
            mov.f32 %f4, %f3;                 // not counted
            mov.u32 %r2, 0;
        $L_class:
            ld.global.u32 %r3, [%rd1+4];
        $L_comp:
            lg2.approx.f32 %f5, %f3;
            lg2.approx.f32 %f9, %f5;
            mul.f64 %fd1, %fd2, %fd3;
            ld.global.nc.f32 %f6, [%rd1];
            add.s32 %r2, %r2, 2;
            setp.lt.s32 %p2, %r2, %r3;
            @%p2 bra $L_comp;
            add.s32 %r6, %r6, 1;
            setp.lt.s32 %p4, %r6, %r7;
            @%p4 bra $L_class;
            div.rn.f32 %f7, %f5, %f6;         // SFU + 4 FP32
            add.s32 %r1, %r1, 1;
            setp.lt.s32 %p1, %r1, %r4;
            @%p1 bra $L_step;
            atom.global.add.f32 %f8, [%rd1], %f7;
            setp.lt.u64 %p3, %rd5, %rd7;
            @%p3 bra $L_particle;
        $L_tail:
            add.s32 %r5, %r5, 1;
            setp.lt.s32 %p5, %r5, 2;
            @%p5 bra $L_tail;
            ret;
        }
        """

    /// 2 classes of 8 components: the class loop runs 2 times a step, the component loop 8/2 per class.
    static let trips: [Double] = [2, 8]

    @Test func countsTheStepLoopWithInnerTripsAndUnrolling() throws {
        let mix = try #require(PTXInstructionMix.stepLoop(of: "k", in: Self.ptx, innerTrips: Self.trips))
        // Weights: component loop 2 · 8/2 = 8, class loop 2, step loop 1.
        #expect(mix.specialFunction == 1 + 8 * 2 + 1)
        #expect(mix.fp32 == 1 + 4)
        #expect(mix.fp64 == 8)
        #expect(mix.integer == 8 * 2 + 2 * 2 + 2)
        #expect(mix.memory == ["global": 2 + 8])
        #expect(mix.control == 8 + 2 + 1)
        #expect(mix.innerLoops == 2)
        #expect(mix.issued == 18 + 5 + 8 + 22 + 10 + 11)
        #expect(PTXInstructionMix.stepLoop(of: "missing", in: Self.ptx, innerTrips: Self.trips) == nil)
    }

    @Test func predictsTheBindingUnitFromRatesAndOccupancy() throws {
        let mix = try #require(PTXInstructionMix.stepLoop(of: "k", in: Self.ptx, innerTrips: Self.trips))
        // 64 registers: 2048 per warp, 32 warps, efficiency 1. SFU 132·16·1.98e9/18 = 2.3e11 is
        // below issue (132·128·1.98e9/74 = 4.5e11) and the others.
        let model = PerformanceModel(mix: mix, registers: 64)
        #expect(model.warpsPerSM == 32 && model.efficiency == 1 && model.occupancy == 0.5)
        let bound = try #require(model.prediction)
        #expect(bound.unit == "SFU")
        #expect(abs(bound.particleStepsPerSecond - 132 * 16 * 1.98e9 / 18) < 1)
        // 255 registers: 8192 per warp, 8 warps, efficiency ½.
        let starved = PerformanceModel(mix: mix, registers: 255)
        #expect(starved.warpsPerSM == 8)
        #expect(abs(try #require(starved.prediction).particleStepsPerSecond - bound.particleStepsPerSecond / 2) < 1)
    }
}
