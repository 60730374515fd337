/*
 * The noised uniform interval of the CPU's NoisedPiecewiseLinear (one constant segment,
 * Sources/Diffusion/PiecewiseLinearDensity.swift, evaluateSplit) on the device, with the
 * functions it calls from Sources/GuidanceNumerics/NormalLinearSegment.swift and
 * NormalDistribution.swift, in their arithmetic and order:
 *
 *   mills_ratio    R(z) = Q(z)/φ(z), z ≥ 0: on [j/4, (j+1)/4), j < 32, a degree-10 polynomial in
 *                  u = 8z - (2j + 1), j = round-half-even(4z - ½) (masked to 0…31); for z ≥ 8,
 *                  P(64/z²)/z (Normal.millsRatio(lanes:); coefficients from the host, relative
 *                  error below 3e-16 in double)
 *   wide_constant  mass and mean of u on [lo, lo + Δ] under φ, without erfc (the tail and
 *                  across-zero forms; NormalLinearSegment.wideConstant), the mass as
 *                  e^{log_scale}·scale with scale split off by frexp (the CPU takes [1, 2), here
 *                  [½, 1): the same number)
 *   short_series   the short branch at centre b, half-width h ≤ ½, (bh)² ≤ 1, constant piece:
 *                  average = s0, meanU = b - h (z s1)/s0 with z = bh and the Horner sums s0, s1 of
 *                  ShortSeriesSums to K terms, K = 3 + #{T_j < z², j = 3…9}
 *
 * One factor of a box at x: b = (x - centre)/s; short when h ≤ ½ and (bh)² ≤ 1: log-scale
 * shortLogScale - b²/2, scale = average, score = -meanU/s; otherwise log-scale
 * wideLogScale + wide's, scale = wide's, score = -meanU/s (u = (x - m y)/s runs over
 * [b - h, b + h]).
 */
#ifndef GL_NORMAL_SEGMENT_CUH
#define GL_NORMAL_SEGMENT_CUH

#include "gl_prelude.cuh"

namespace gl {

GL_DEVICE double frexp_(double x, int* e) { return frexp(x, e); }
GL_DEVICE float frexp_(float x, int* e) { return frexpf(x, e); }
GL_DEVICE double rint_(double x) { return rint(x); }
GL_DEVICE float rint_(float x) { return rintf(x); }

template <typename Real>
GL_DEVICE Real mills_ratio(const Real* table, Real z) {
    const Real* c;
    Real t;
    if (z < 8) {
        const Real scaled = 4 * z, rounded = rint_(scaled - Real(0.5));
        const int piece = ((int)rounded) & 31;
        t = 2 * scaled - (2 * rounded + 1);
        c = table + piece * 11;
        Real sum = c[10];
#pragma unroll
        for (int k = 9; k >= 0; --k) sum = sum * t + c[k];
        return sum;
    }
    const Real inverse = 1 / z, scaled_inverse = 8 * inverse;
    t = scaled_inverse * scaled_inverse;
    c = table + 32 * 11;
    Real sum = c[10];
#pragma unroll
    for (int k = 9; k >= 0; --k) sum = sum * t + c[k];
    return sum * inverse;
}

template <typename Real>
struct segment_value {
    Real log_scale, scale, mean_u;
};

template <typename Real>
GL_DEVICE segment_value<Real> wide_constant(const Real* table, Real lo, Real delta) {
    const Real hi = lo + delta;
    const bool mirrored = hi <= 0;
    const Real c = mirrored ? -hi : lo, upper = c + delta;
    const bool tail = c >= 0;
    const Real inverse_sqrt_2pi = Real(0.39894228040143267794), log_sqrt_2pi = Real(0.91893853320467274178);
    const Real r_lower = mills_ratio(table, tail ? c : -c), r_upper = mills_ratio(table, upper);
    const Real half_square = Real(-0.5) * c * c;
    const Real first = exp_(tail ? -(c * delta + Real(0.5) * delta * delta) : half_square);
    segment_value<Real> v;
    v.log_scale = tail ? half_square - log_sqrt_2pi : Real(0);
    if (tail) {
        v.scale = r_lower - first * r_upper;
        v.mean_u = (1 - first) / v.scale;
    } else {
        const Real second = exp_(Real(-0.5) * upper * upper);
        v.scale = 1 - (first * r_lower + second * r_upper) * inverse_sqrt_2pi;
        v.mean_u = (first - second) * inverse_sqrt_2pi / v.scale;
    }
    if (v.scale > 0 && finite_(v.scale)) {
        int exponent;
        v.scale = frexp_(v.scale, &exponent);
        v.log_scale += (Real)exponent * Real(0.69314718055994530942);
    }
    if (mirrored) v.mean_u = -v.mean_u;
    return v;
}

/* The least K meeting the short series' truncation bounds at Z = z² (NormalLinearSegment.swift,
   ShortSeriesCoefficients.threshold). */
template <typename Real>
GL_DEVICE int short_terms(Real bigZ) {
    return 3 + (bigZ > Real(3e-7)) + (bigZ > Real(1.7e-4)) + (bigZ > Real(4.6e-3)) + (bigZ > Real(0.036)) + (bigZ > Real(0.149)) +
           (bigZ > Real(0.427)) + (bigZ > Real(0.971));
}

/* a: the record's 20 coefficients, A_k (k < 10) then 2k A_k. */
template <typename Real>
GL_DEVICE void short_series(const Real* a, Real b, Real h, Real& average, Real& mean_u) {
    const Real z = b * h, bigZ = z * z;
    const int terms = short_terms(bigZ);
    Real s0 = a[terms - 1], s1 = a[10 + terms - 1];
    for (int k = terms - 2; k >= 0; --k) {
        s0 = s0 * bigZ + a[k];
        if (k > 0) s1 = s1 * bigZ + a[10 + k];
    }
    average = s0;
    mean_u = b - h * (z * s1) / average;
}

/* One box factor at coordinate x from its record (sampler_abi.h): log-scale, scale and score. */
template <typename Real>
GL_DEVICE segment_value<Real> box_factor(const Real* table, const Real* record, Real x) {
    const Real h = record[1], inverse_s = record[2];
    const Real b = (x - record[0]) * inverse_s, y = b * h;
    segment_value<Real> v;
    if (record[5] != 0 && y * y <= 1) {
        Real average, mean_u;
        short_series(record + 6, b, h, average, mean_u);
        v.log_scale = record[3] - Real(0.5) * b * b;
        v.scale = average;
        v.mean_u = -mean_u * inverse_s;
    } else {
        v = wide_constant(table, b - h, 2 * h);
        v.log_scale = record[4] + v.log_scale;
        v.mean_u = -v.mean_u * inverse_s;
    }
    return v;
}

} // namespace gl

#endif
