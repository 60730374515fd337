/*
 * The Gaussian component families: one component's log-density term and score at x, from the
 * host's per-time constants (sampler_abi.h, `noised`) and the component's data mean μ, at
 * signal scale m. With r = m μ - x:
 *
 *   isotropic  N(m μ, v I):        l = [log w + log-normaliser] - (1/(2v)) |r|²,     score_i = r_i/v
 *   diagonal   N(m μ, diag(v_i)):  l = [log w - ½ Σ log v_i - d log √(2π)] - ½ Σ r_i²/v_i,
 *                                  score_i = r_i/v_i
 *
 *   full       N(m μ, C), C = L Lᵀ:   z = L⁻¹(x - m μ),  l = [log w - ½ log det C - d log √(2π)] - ½ |z|²,
 *                                  score = -L⁻ᵀ z
 *
 * exact up to a few ulps for the first two, and up to rounding in the triangular solves
 * (relative error about κ(C)·ε) for the full one (GaussianComponent.swift: the isotropic
 * constants are the CPU's own record; the diagonal and full ones come from its Cholesky factor
 * of C, with 1/v_i = 1/L_ii²; the full solves are the CPU's forward and back substitutions, in
 * its order, with 1/L_ii multiplied instead of L_ii divided). The isotropic |r|² is summed as
 * the CPU sums it (even and odd coordinates apart, then added).
 *
 * `inside(p, x)` says whether x is in class c's support (always, for a Gaussian).
 * `log_term` returns l and may leave what `score` needs in `work` (the full family's score
 * vector); the isotropic and diagonal scores are one coordinate at a time (r_i recomputed, a
 * multiply-add), so those hold no per-component vector in registers.
 */
#ifndef GL_GAUSSIAN_FAMILIES_CUH
#define GL_GAUSSIAN_FAMILIES_CUH

#include "gl_prelude.cuh"

namespace gl {

/* Every point is in a Gaussian's support. */
struct unbounded_support {
    template <typename Real, int D>
    GL_DEVICE static bool inside(const gl_sampler_params&, const Real (&)[D]) { return true; }
};

struct isotropic_family : unbounded_support {
    template <int D> GL_DEVICE static constexpr int stride() { return GL_NOISED_STRIDE_ISOTROPIC; }

    template <typename Real, int D>
    GL_DEVICE static Real log_term(const gl_sampler_params&, const Real* constants, const Real* mean, Real m, const Real (&x)[D], Real (&)[D]) {
        Real even = 0, odd = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const Real u = x[i] - m * mean[i];
            if (i % 2 == 0) even += u * u; else odd += u * u;
        }
        return constants[0] - constants[1] * (even + odd);
    }

    template <typename Real, int D>
    GL_DEVICE static Real score(const Real* constants, const Real* mean, Real m, const Real (&x)[D], const Real (&)[D], int i) {
        return constants[2] * (m * mean[i] - x[i]);
    }
};

struct diagonal_family : unbounded_support {
    template <int D> GL_DEVICE static constexpr int stride() { return GL_NOISED_STRIDE_DIAGONAL(D); }

    template <typename Real, int D>
    GL_DEVICE static Real log_term(const gl_sampler_params&, const Real* constants, const Real* mean, Real m, const Real (&x)[D], Real (&)[D]) {
        Real q = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const Real r = m * mean[i] - x[i];
            q += constants[1 + i] * r * r;
        }
        return constants[0] - Real(0.5) * q;
    }

    template <typename Real, int D>
    GL_DEVICE static Real score(const Real* constants, const Real* mean, Real m, const Real (&x)[D], const Real (&)[D], int i) {
        return constants[1 + i] * (m * mean[i] - x[i]);
    }
};

/* constants: [c0, then row i of L for i < d: L_i0, …, L_i,i-1, 1/L_ii], row i at 1 + i(i + 1)/2. */
struct full_family : unbounded_support {
    template <int D> GL_DEVICE static constexpr int stride() { return GL_NOISED_STRIDE_FULL(D); }

    template <typename Real, int D>
    GL_DEVICE static Real log_term(const gl_sampler_params&, const Real* constants, const Real* mean, Real m, const Real (&x)[D], Real (&work)[D]) {
        const Real* l = constants + 1;
        Real q = 0;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            Real sum = x[i] - m * mean[i];
#pragma unroll
            for (int k = 0; k < i; ++k) sum -= l[i * (i + 1) / 2 + k] * work[k];
            work[i] = sum * l[i * (i + 1) / 2 + i];
            q += work[i] * work[i];
        }
#pragma unroll
        for (int i = D - 1; i >= 0; --i) {
            Real sum = work[i];
#pragma unroll
            for (int k = i + 1; k < D; ++k) sum -= l[k * (k + 1) / 2 + i] * work[k];
            work[i] = sum * l[i * (i + 1) / 2 + i];
        }
        return constants[0] - Real(0.5) * q;
    }

    template <typename Real, int D>
    GL_DEVICE static Real score(const Real*, const Real*, Real, const Real (&)[D], const Real (&work)[D], int i) {
        return -work[i];
    }
};

} // namespace gl

#endif
