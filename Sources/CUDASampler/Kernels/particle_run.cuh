/*
 * One thread's work: particles first_particle + j for j = thread index, thread index + grid
 * size, … below particle_count (a grid-stride loop, so any grid covers any count), each from its
 * start point through every step in registers, then into the outputs and reductions of
 * sampler_abi.h. Reductions are atomic additions into slot (block index mod reduction_slots); the
 * in-support count is one counter (reduction_slots below 1 count as 1; tables for a dimension other
 * than D fail every particle); the mean path (optional) gets each particle's position at
 * every visited time.
 */
#ifndef GL_PARTICLE_RUN_CUH
#define GL_PARTICLE_RUN_CUH

#include "update_rules.cuh"

namespace gl {

/* The reduction slots, at least one. */
GL_DEVICE unsigned int slots(const gl_sampler_params& p) { return p.reduction_slots > 0 ? (unsigned int)p.reduction_slots : 1u; }

template <typename Real, int D>
GL_DEVICE void start_point(const gl_sampler_params& p, gl_u64 local, Real (&x)[D]) {
    if (p.start_positions) {
        const Real* start = at<const Real>(p.start_positions) + local * D;
#pragma unroll
        for (int i = 0; i < D; ++i) x[i] = start[i];
        return;
    }
    fill_normals<Real, D>(x, p.seed_low, p.seed_high, p.first_particle + local, 0xFFFFFFFFu);
    const Real sd = (Real)p.start_standard_deviation;
#pragma unroll
    for (int i = 0; i < D; ++i) x[i] *= sd;
}

template <typename Real, int D>
GL_DEVICE void record(const gl_sampler_params& p, gl_u64 local, bool ok, const Real (&x)[D]) {
    if (p.positions) {
        Real* out = at<Real>(p.positions) + local * D;
        const Real nan = infinity_(Real(0)) - infinity_(Real(0));
#pragma unroll
        for (int i = 0; i < D; ++i) out[i] = ok ? x[i] : nan;
    }
    if (!ok) {
        if (p.failures) atomicAdd(at<unsigned int>(p.failures), 1u);
        return;
    }
    const int slot = (int)(blockIdx.x % slots(p));
    if (p.moments) {
        double* sums = at<double>(p.moments) + (gl_u64)slot * 2 * D;
#pragma unroll
        for (int i = 0; i < D; ++i) {
            atomicAdd(sums + i, (double)x[i]);
            atomicAdd(sums + D + i, (double)x[i] * (double)x[i]);
        }
    }
    if (p.histogram) {
        const int bins = p.histogram_bins;
        unsigned int* counts = at<unsigned int>(p.histogram) + (gl_u64)slot * D * (bins + 2);
#pragma unroll
        for (int i = 0; i < D; ++i) {
            const double position = ((double)x[i] - p.histogram_lower) * p.histogram_scale;
            const int cell = position < 0 ? 0 : position < (double)bins ? 1 + (int)position : bins + 1;
            atomicAdd(counts + i * (bins + 2) + cell, 1u);
        }
    }
}

/* Row `row` of the mean path (sampler_abi.h), when asked for. */
template <typename Real, int D>
GL_DEVICE void add_to_mean_path(const gl_sampler_params& p, int row, const Real (&x)[D]) {
    if (!p.mean_path) return;
    const gl_u64 slot = blockIdx.x % slots(p);
    double* sums = at<double>(p.mean_path) + (slot * (gl_u64)(p.steps + 1) + row) * D;
#pragma unroll
    for (int i = 0; i < D; ++i) atomicAdd(sums + i, (double)x[i]);
}

template <int Kind, typename Family, typename Real, int D>
GL_DEVICE void run_particles(const gl_sampler_params& p) {
    const gl_u64 stride = (gl_u64)blockDim.x * gridDim.x;
    if (p.dimension != D) {
        // Tables for another dimension: every particle fails, counted once by the first thread.
        if (p.failures && blockIdx.x == 0 && threadIdx.x == 0) atomicAdd(at<unsigned int>(p.failures), (unsigned int)p.particle_count);
        return;
    }
    for (gl_u64 local = (gl_u64)blockIdx.x * blockDim.x + threadIdx.x; local < p.particle_count; local += stride) {
        Real x[D];
        start_point<Real, D>(p, local, x);
        add_to_mean_path<Real, D>(p, 0, x);
        bool ok = true;
        for (int k = 0; k < p.steps && ok; ++k) {
            ok = step<Kind, Family, Real, D>(p, k, p.first_particle + local, x);
            if (ok) add_to_mean_path<Real, D>(p, k + 1, x);
        }
        record<Real, D>(p, local, ok, x);
        if (ok && p.in_support && Family::template inside<Real, D>(p, x)) atomicAdd(at<unsigned int>(p.in_support), 1u);
    }
}

} // namespace gl

#endif
