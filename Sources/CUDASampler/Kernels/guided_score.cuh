/*
 * The guided score of classifier-free guidance at one visited time, for one particle held in
 * registers (Properties/README.md §1; GuidedScore.swift, the marginal form):
 *
 *   g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x),   ∇log p_t(x) = Σ_c' p_t(c'|x) ∇log p_t(x|c')
 *
 * in log space, as NoisedMixture.accumulate: with l_k = log w_k + log p_{t,k}(x) for the
 * components of class c', each class's terms are shifted by its largest, M_c' = max_k l_k (the
 * CPU's exact branch, which keeps a class's score exact however far below the others it is),
 *
 *   S_c' = Σ_k e^{l_k - M_c'},   ∇log p_t(x|c') = Σ_k e^{l_k - M_c'} ∇log p_{t,k}(x) / S_c',
 *
 * and the classes by the largest a_c' = log π_c' + M_c', A:
 *
 *   R = Σ_c' e^{a_c' - A} S_c',   ∇log p_t(x) = Σ_c' e^{a_c' - A} S_c' ∇log p_t(x|c') / R.
 *
 * Both maxima are taken on the fly (one pass, nothing stored per component: a new largest term
 * rescales the running sums by e^{old - new}, so each term costs one exp and the classes one
 * more each: K + C exps per evaluation). The numbers are the CPU's up to rounding (a few ulps
 * per evaluation, checked in Tests/KernelHostTests). Guards as the CPU's: a non-finite
 * coordinate, a class whose terms are all zero (M = -∞) or a sum R that is not finite and
 * positive returns false (the CPU throws there).
 */
#ifndef GL_GUIDED_SCORE_CUH
#define GL_GUIDED_SCORE_CUH

#include "gl_prelude.cuh"
#include "score_error.cuh"

namespace gl {

/* The running sum Σ e^{l - M} (value, vector) with M the largest l so far: adds term l with
   vector v. The shift difference is NaN only when l = M = -∞ (x and the tables finite): a zero
   term. */
template <typename Real, int D>
GL_DEVICE void add_shifted(Real l, const Real (&v)[D], Real scale, Real& top, Real& sum, Real (&vector)[D]) {
    const bool larger = l > top;
    const Real difference = larger ? top - l : l - top;
    Real e = exp_(difference);
    if (difference != difference) e = 0;
    const Real old = larger ? e : Real(1), added = larger ? Real(1) : e;
    sum = sum * old + added * scale;
#pragma unroll
    for (int i = 0; i < D; ++i) vector[i] = vector[i] * old + added * v[i];
    if (larger) top = l;
}

/* The guided score g^w_t(x) at time row `row` (plus the score error, if any) into g. Returns
   false where the CPU would throw. */
template <typename Family, typename Real, int D>
GL_DEVICE bool guided_score(const gl_sampler_params& p, int row, const Real (&x)[D], Real (&g)[D]) {
    bool ok = true;
#pragma unroll
    for (int i = 0; i < D; ++i) ok = ok && finite_(x[i]);
    if (!ok) return false;
    const double* time = at<const double>(p.times) + row * GL_TIME_STRIDE;
    const Real m = (Real)time[GL_TIME_M], w = (Real)time[GL_TIME_W];
    const int stride = Family::template stride<D>();
    const Real* constants = at<const Real>(p.noised) + (gl_u64)row * p.component_count * stride;
    const Real* means = at<const Real>(p.means);
    const Real* log_weights = at<const Real>(p.class_log_weights);
    const int* bounds = at<const int>(p.class_bounds);
    const Real none = -infinity_(Real(0));
    Real shift = none, total = 0, marginal[D], chosen[D];
#pragma unroll
    for (int i = 0; i < D; ++i) marginal[i] = chosen[i] = 0;
    for (int c = 0; c < p.class_count; ++c) {
        Real top = none, sum = 0, score[D], component[D];
#pragma unroll
        for (int i = 0; i < D; ++i) score[i] = 0;
        for (int k = bounds[c]; k < bounds[c + 1]; ++k) {
            const Real l = Family::template term<Real, D>(constants + k * stride, means + k * D, m, x, component);
            add_shifted<Real, D>(l, component, Real(1), top, sum, score);
        }
        if (!finite_(top)) return false;
        if (c == p.class_index) {
            const Real inverse = 1 / sum;
#pragma unroll
            for (int i = 0; i < D; ++i) chosen[i] = score[i] * inverse;
        }
        add_shifted<Real, D>(log_weights[c] + top, score, sum, shift, total, marginal);
    }
    if (!(finite_(total) && total > 0)) return false;
    const Real inverse = 1 / total, a = 1 + w, b = -w;
#pragma unroll
    for (int i = 0; i < D; ++i) g[i] = a * chosen[i] + b * (marginal[i] * inverse);
    add_score_error<Real, D>(p, (Real)time[GL_TIME_S], w, x, g);
    return true;
}

} // namespace gl

#endif
