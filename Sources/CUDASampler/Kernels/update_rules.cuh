/*
 * The five fixed-step update rules of StepPlan.swift and EulerMaruyamaStep.swift, one particle
 * in registers. Step k goes from t_hi = t_k down to t_lo = t_{k+1}, h = t_hi - t_lo (computed in
 * double, as the CPU does), v(t, x) = f x - ½ g² g^w_t(x) is the probability-flow velocity:
 *
 *   ode_euler  x ← x - h v(t_hi, x)
 *   ode_heun   k1 = v(t_hi, x), k2 = v(t_lo, x - h k1),   x ← x - ½ h (k1 + k2)
 *              (as (x - ½ h k1) - ½ h k2, so k1 is not held while k2 is evaluated: one rounding
 *              more per step than the CPU's order)
 *   sde_em     x ← x - h (f x - g² g^w) + √(g² h) z       (f, g² at t_hi)
 *   ddim       ε̂ = -s_hi g^w, x̂₀ = (x - s_hi ε̂)/m_hi,
 *              σ = η (s_lo/s_hi) √(1 - m_hi²/m_lo²),      x ← m_lo x̂₀ + √(s_lo² - σ²) ε̂ + σ z
 *   ddpm       ddim with η = 1
 *
 * z: the Philox normals of (seed, particle, k), the CPU's noise keys, so the stochastic samplers
 * are pathwise comparable with the CPU's. Each expression is written in the CPU's order (Heun's
 * last, see above, aside).
 */
#ifndef GL_UPDATE_RULES_CUH
#define GL_UPDATE_RULES_CUH

#include "guided_score.cuh"
#include "philox.cuh"

namespace gl {

enum sampler_kind { ode_euler, ode_heun, sde_em, ddpm, ddim };

/* v(t_row, x) into v. */
template <typename Family, typename Real, int D>
GL_DEVICE bool velocity(const gl_sampler_params& p, int row, const Real (&x)[D], Real (&v)[D]) {
    if (!guided_score<Family, Real, D>(p, row, x, v)) return false;
    const double* time = at<const double>(p.times) + row * GL_TIME_STRIDE;
    const Real f = (Real)time[GL_TIME_F], g2 = (Real)time[GL_TIME_G2];
#pragma unroll
    for (int i = 0; i < D; ++i) v[i] = f * x[i] - Real(0.5) * g2 * v[i];
    return true;
}

/* Step k of particle `particle` at x. Returns false where the CPU would throw. */
template <int Kind, typename Family, typename Real, int D>
GL_DEVICE bool step(const gl_sampler_params& p, int k, gl_u64 particle, Real (&x)[D]) {
    const double* hi = at<const double>(p.times) + k * GL_TIME_STRIDE;
    const double* lo = hi + GL_TIME_STRIDE;
    const Real h = (Real)(hi[GL_TIME_T] - lo[GL_TIME_T]);
    Real k1[D];
    if (Kind == ode_euler) {
        if (!velocity<Family, Real, D>(p, k, x, k1)) return false;
#pragma unroll
        for (int i = 0; i < D; ++i) x[i] -= h * k1[i];
    } else if (Kind == ode_heun) {
        if (!velocity<Family, Real, D>(p, k, x, k1)) return false;
        Real y[D];
#pragma unroll
        for (int i = 0; i < D; ++i) {
            y[i] = x[i] - h * k1[i];
            x[i] -= Real(0.5) * h * k1[i];
        }
        if (!velocity<Family, Real, D>(p, k + 1, y, k1)) return false;
#pragma unroll
        for (int i = 0; i < D; ++i) x[i] -= Real(0.5) * h * k1[i];
    } else if (Kind == sde_em) {
        if (!guided_score<Family, Real, D>(p, k, x, k1)) return false;
        const Real f = (Real)hi[GL_TIME_F], g2 = (Real)hi[GL_TIME_G2], amplitude = sqrt_(g2 * h);
        Real z[D];
        fill_normals<Real, D>(z, p.seed_low, p.seed_high, particle, (gl_u32)k);
#pragma unroll
        for (int i = 0; i < D; ++i) x[i] += -h * (f * x[i] - g2 * k1[i]) + amplitude * z[i];
    } else {
        if (!guided_score<Family, Real, D>(p, k, x, k1)) return false;
        const Real eta = Kind == ddpm ? Real(1) : (Real)p.eta;
        const Real m_hi = (Real)hi[GL_TIME_M], s_hi = (Real)hi[GL_TIME_S], m_lo = (Real)lo[GL_TIME_M], s_lo = (Real)lo[GL_TIME_S];
        const Real sigma = eta * (s_lo / s_hi) * sqrt_(max_<Real>(0, 1 - (m_hi * m_hi) / (m_lo * m_lo)));
        const Real keep = sqrt_(max_<Real>(0, s_lo * s_lo - sigma * sigma));
        Real z[D];
        if (sigma > 0) fill_normals<Real, D>(z, p.seed_low, p.seed_high, particle, (gl_u32)k);
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const Real epsilon = -s_hi * k1[i];
            const Real x0 = (x[i] - s_hi * epsilon) / m_hi;
            x[i] = m_lo * x0 + keep * epsilon + (sigma > 0 ? sigma * z[i] : Real(0));
        }
    }
    return true;
}

} // namespace gl

#endif
