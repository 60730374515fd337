/*
 * The boxes family: each component uniform on a box ∏ [l_i, u_i], noised coordinate by
 * coordinate (PiecewiseLinearProduct.swift): log p_t(x) = Σ_i log p_{t,i}(x_i), the score's i-th
 * entry the i-th factor's (normal_segment.cuh). The factors' scales (each in [½, 1) or the short
 * branch's average, within e^{±1.2}) are multiplied and take one log per box (the CPU one per 64
 * coordinates), so l = log w + Σ_i log-scale_i + log Π_i scale_i.
 */
#ifndef GL_BOX_FAMILY_CUH
#define GL_BOX_FAMILY_CUH

#include "normal_segment.cuh"

namespace gl {

struct boxes_family {
    template <int D> GL_DEVICE static constexpr int stride() { return GL_NOISED_STRIDE_BOXES(D); }

    /* constants: [log w_k, then the d records]; the score into work. */
    template <typename Real, int D>
    GL_DEVICE static Real log_term(const gl_sampler_params& p, const Real* constants, const Real*, Real, const Real (&x)[D], Real (&work)[D]) {
        const Real* table = at<const Real>(p.mills_ratio);
        Real log_scale = constants[0], scale = 1;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const segment_value<Real> v = box_factor(table, constants + 1 + i * GL_BOX_RECORD, x[i]);
            log_scale += v.log_scale;
            scale *= v.scale;
            work[i] = v.mean_u;
        }
        return log_scale + log_(scale);
    }

    template <typename Real, int D>
    GL_DEVICE static Real score(const Real*, const Real*, Real, const Real (&)[D], const Real (&work)[D], int i) {
        return work[i];
    }

    /* Whether x lies in one of class c's closed boxes (Mixture.classContains). */
    template <typename Real, int D>
    GL_DEVICE static bool inside(const gl_sampler_params& p, const Real (&x)[D]) {
        const int* bounds = at<const int>(p.class_bounds);
        const Real* boxes = at<const Real>(p.box_bounds);
        for (int k = bounds[p.class_index]; k < bounds[p.class_index + 1]; ++k) {
            bool in = true;
#pragma unroll
            for (int i = 0; i < D; ++i) in = in && x[i] >= boxes[k * 2 * D + i] && x[i] <= boxes[k * 2 * D + D + i];
            if (in) return true;
        }
        return false;
    }
};

} // namespace gl

#endif
