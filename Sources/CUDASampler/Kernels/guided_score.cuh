/*
 * The guided score of classifier-free guidance at one visited time, for one particle held in
 * registers (Properties/README.md §1; GuidedScore.swift, the marginal form):
 *
 *   g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x),   ∇log p_t(x) = Σ_c' p_t(c'|x) ∇log p_t(x|c')
 *
 * in log space, as NoisedMixture.accumulate, with l_k = log w_k + log p_{t,k}(x). The sampled
 * class c is shifted by its own largest term, M_c = max_{k ∈ c} l_k (the CPU's exact branch, which
 * keeps its score exact however far below the other classes it is):
 *
 *   S_c = Σ_{k ∈ c} e^{l_k - M_c},   ∇log p_t(x|c) = Σ_{k ∈ c} e^{l_k - M_c} ∇log p_{t,k}(x) / S_c = a/S_c;
 *
 * the other classes' terms log π_c' + l_k in one sum shifted by their largest, M_o:
 *
 *   S_o = Σ_{c' ≠ c, k ∈ c'} e^{log π_c' + l_k - M_o},   b = Σ … e^{log π_c' + l_k - M_o} ∇log p_{t,k}(x);
 *
 * then with A = max(log π_c + M_c, M_o), e_c = e^{log π_c + M_c - A}, e_o = e^{M_o - A}:
 *
 *   ∇log p_t(x) = (e_c a + e_o b)/R,   R = e_c S_c + e_o S_o.
 *
 * Each maximum is taken on the fly (one pass, nothing stored per component: a new largest term
 * rescales the running sums by e^{old - new}, so each term costs one exp, plus one to combine:
 * K + 1 exps per evaluation; a box adds one log, box_family.cuh), and only x, a and b (and a
 * full or box component's score, `work`) are vectors in registers. The numbers are the
 * CPU's up to rounding (a few ulps of the exponents per evaluation; Tests/KernelHostTests).
 * Guards as the CPU's: a non-finite coordinate, a class whose terms are all zero (its largest is
 * -∞), or a sum R that is not finite and positive returns false (the CPU throws there).
 */
#ifndef GL_GUIDED_SCORE_CUH
#define GL_GUIDED_SCORE_CUH

#include "gl_prelude.cuh"
#include "score_error.cuh"

namespace gl {

/* One step of a running sum Σ e^{l - M} with M the largest l so far: for the new term l, the
   factor `old` for the sum so far and the factor `added` for the new term (one of them 1), and
   the new M in top. The shift difference is NaN only when l = M = -∞ (x and the tables finite):
   a zero term. */
template <typename Real>
struct rescale {
    Real old, added;

    GL_DEVICE rescale(Real l, Real& top) {
        const bool larger = l > top;
        const Real difference = larger ? top - l : l - top;
        Real e = exp_(difference);
        if (difference != difference) e = 0;
        old = larger ? e : Real(1);
        added = larger ? Real(1) : e;
        if (larger) top = l;
    }
};

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
    const int c = p.class_index;
    Real top = none, sum = 0, a[D], work[D];
#pragma unroll
    for (int i = 0; i < D; ++i) a[i] = 0;
    for (int k = bounds[c]; k < bounds[c + 1]; ++k) {
        const Real* constants_k = constants + k * stride;
        const Real* mean_k = means + k * D;
        const rescale<Real> r(Family::template log_term<Real, D>(p, constants_k, mean_k, m, x, work), top);
        sum = sum * r.old + r.added;
#pragma unroll
        for (int i = 0; i < D; ++i) a[i] = a[i] * r.old + r.added * Family::score(constants_k, mean_k, m, x, work, i);
    }
    if (!finite_(top)) return false;
    Real top_others = none, sum_others = 0, b[D];
#pragma unroll
    for (int i = 0; i < D; ++i) b[i] = 0;
    for (int other = 0; other < p.class_count; ++other) {
        if (other == c) continue;
        Real class_top = none;
        for (int k = bounds[other]; k < bounds[other + 1]; ++k) {
            const Real* constants_k = constants + k * stride;
            const Real* mean_k = means + k * D;
            const Real l = log_weights[other] + Family::template log_term<Real, D>(p, constants_k, mean_k, m, x, work);
            class_top = max_(class_top, l);
            const rescale<Real> r(l, top_others);
            sum_others = sum_others * r.old + r.added;
#pragma unroll
            for (int i = 0; i < D; ++i) b[i] = b[i] * r.old + r.added * Family::score(constants_k, mean_k, m, x, work, i);
        }
        if (!finite_(class_top)) return false;
    }
    Real shift = log_weights[c] + top;
    const rescale<Real> combine(top_others, shift);
    const Real e_c = combine.old, e_o = combine.added, total = e_c * sum + e_o * sum_others;
    if (!(finite_(total) && total > 0)) return false;
    const Real class_inverse = 1 / sum, inverse = 1 / total, weight = 1 + w;
#pragma unroll
    for (int i = 0; i < D; ++i) g[i] = weight * (a[i] * class_inverse) - w * ((e_c * a[i] + e_o * b[i]) * inverse);
    add_score_error<Real, D>(p, (Real)time[GL_TIME_S], w, x, g);
    return true;
}

} // namespace gl

#endif
