/*
 * The Gaussian component families: one component's log-density term and score at x, from the
 * host's per-time constants (sampler_abi.h, `noised`) and the component's data mean μ, at
 * signal scale m. With r = m μ - x:
 *
 *   isotropic  N(m μ, v I):        l = [log w + log-normaliser] - (1/(2v)) |r|²,     score_i = r_i/v
 *   diagonal   N(m μ, diag(v_i)):  l = [log w - ½ Σ log v_i - d log √(2π)] - ½ Σ r_i²/v_i,
 *                                  score_i = r_i/v_i
 *
 * exact up to a few ulps (GaussianComponent.swift: the isotropic constants are the CPU's own
 * record; the diagonal ones are its Cholesky factor's, with 1/v_i = 1/L_ii²). The isotropic
 * |r|² is summed as the CPU sums it (even and odd coordinates apart, then added). The score is
 * one coordinate at a time (r_i recomputed, a multiply-add), so no per-component vector is held
 * in registers.
 */
#ifndef GL_GAUSSIAN_FAMILIES_CUH
#define GL_GAUSSIAN_FAMILIES_CUH

#include "gl_prelude.cuh"

namespace gl {

struct isotropic_family {
    template <int D> GL_DEVICE static constexpr int stride() { return GL_NOISED_STRIDE_ISOTROPIC; }

    template <typename Real, int D>
    GL_DEVICE static Real log_term(const Real* constants, const Real* mean, Real m, const Real (&x)[D]) {
        Real even = 0, odd = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const Real u = x[i] - m * mean[i];
            if (i % 2 == 0) even += u * u; else odd += u * u;
        }
        return constants[0] - constants[1] * (even + odd);
    }

    template <typename Real>
    GL_DEVICE static Real score(const Real* constants, const Real* mean, Real m, Real x, int i) {
        return constants[2] * (m * mean[i] - x);
    }
};

struct diagonal_family {
    template <int D> GL_DEVICE static constexpr int stride() { return GL_NOISED_STRIDE_DIAGONAL(D); }

    template <typename Real, int D>
    GL_DEVICE static Real log_term(const Real* constants, const Real* mean, Real m, const Real (&x)[D]) {
        Real q = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const Real r = m * mean[i] - x[i];
            q += constants[1 + i] * r * r;
        }
        return constants[0] - Real(0.5) * q;
    }

    template <typename Real>
    GL_DEVICE static Real score(const Real* constants, const Real* mean, Real m, Real x, int i) {
        return constants[1 + i] * (m * mean[i] - x);
    }
};

} // namespace gl

#endif
