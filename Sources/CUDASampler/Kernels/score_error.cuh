/*
 * The score-error models of ScoreErrorModel.swift on the device: e(t, x) = ε · v · b(x) · a(t)
 * with profile b (constant 1; bump exp(-|x - x₀|²/(2r²)); slab exp(-(v·(x - x₀))²/(2|v|²r²))),
 * time scale a (1, or 1/s² for inverse-variance scaling), added to the guided score amplified by
 * 1 + w (an error in the conditional score) or -w (in the unconditional one), with the CPU's
 * arithmetic in the CPU's order (`perturbGuidedScore`).
 */
#ifndef GL_SCORE_ERROR_CUH
#define GL_SCORE_ERROR_CUH

#include "gl_prelude.cuh"

namespace gl {

template <typename Real, int D>
GL_DEVICE void add_score_error(const gl_sampler_params& p, Real s, Real w, const Real (&x)[D], Real (&g)[D]) {
    if (p.error_profile == GL_ERROR_NONE) return;
    const Real* direction = at<const Real>(p.error_direction);
    const Real* center = at<const Real>(p.error_center);
    const Real width = (Real)p.error_width;
    Real profile = 1;
    if (p.error_profile == GL_ERROR_BUMP) {
        Real r2 = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) r2 += (x[i] - center[i]) * (x[i] - center[i]);
        profile = exp_(Real(-0.5) * r2 / (width * width));
    } else if (p.error_profile == GL_ERROR_SLAB) {
        Real along = 0, norm2 = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            along += (x[i] - center[i]) * direction[i];
            norm2 += direction[i] * direction[i];
        }
        profile = exp_(Real(-0.5) * along * along / (norm2 * width * width));
    }
    const Real time_scale = p.error_scaling == GL_ERROR_ABSOLUTE ? Real(1) : 1 / (s * s);
    const Real amplification = p.error_target == GL_ERROR_CONDITIONAL ? 1 + w : -w;
    const Real scale = amplification * (Real)p.error_level * profile * time_scale;
#pragma unroll
    for (int i = 0; i < D; ++i) g[i] += scale * direction[i];
}

} // namespace gl

#endif
