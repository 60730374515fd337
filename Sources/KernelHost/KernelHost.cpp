// The kernel source compiled for the host: guided_sampler.cu included once per supported
// dimension (each entry point named with a _d<D> suffix), a table of them by name, and the
// launch loop over simulated blocks and threads.
#include "cuda_host_shim.h"
#include "include/KernelHost.h"

thread_local gl_host_dim3 threadIdx, blockIdx, blockDim, gridDim;

#define GL_HOST_NAME2(sampler, family, precision, d) gl_sample_##sampler##_##family##_##precision##_d##d
#define GL_HOST_NAME1(sampler, family, precision, d) GL_HOST_NAME2(sampler, family, precision, d)
#define GL_KERNEL_NAME(sampler, family, precision) GL_HOST_NAME1(sampler, family, precision, GL_DIM)

#define GL_DIM 1
#include "guided_sampler.cu"
#undef GL_DIM
#define GL_DIM 2
#include "guided_sampler.cu"
#undef GL_DIM
#define GL_DIM 3
#include "guided_sampler.cu"
#undef GL_DIM
#define GL_DIM 16
#include "guided_sampler.cu"
#undef GL_DIM

namespace {

struct entry {
    const char* name;
    int dimension;
    void (*kernel)(gl_sampler_params);
};

#define GL_KERNEL(sampler, family, precision) \
    {"gl_sample_" #sampler "_" #family "_" #precision, GL_DIM, GL_KERNEL_NAME(sampler, family, precision)},
const entry entries[] = {
#define GL_DIM 1
#include "kernel_variants.h"
#undef GL_DIM
#define GL_DIM 2
#include "kernel_variants.h"
#undef GL_DIM
#define GL_DIM 3
#include "kernel_variants.h"
#undef GL_DIM
#define GL_DIM 16
#include "kernel_variants.h"
#undef GL_DIM
};
#undef GL_KERNEL

template <typename Real>
int guided_score(const char* family, const gl_sampler_params* p, int row, const Real* x, Real* g) {
    const int kind = strcmp(family, "isotropic") == 0 ? 0 : strcmp(family, "diagonal") == 0 ? 1 : strcmp(family, "full") == 0 ? 2
                   : strcmp(family, "boxes") == 0 ? 3 : -1;
    if (kind < 0) return -1;
#define GL_SCORE_AT(D)                                                                                     \
    if (p->dimension == D) {                                                                              \
        Real xs[D], gs[D];                                                                                \
        for (int i = 0; i < D; ++i) xs[i] = x[i];                                                         \
        const bool ok = kind == 0   ? gl::guided_score<gl::isotropic_family, Real, D>(*p, row, xs, gs)    \
                        : kind == 1 ? gl::guided_score<gl::diagonal_family, Real, D>(*p, row, xs, gs)     \
                        : kind == 2 ? gl::guided_score<gl::full_family, Real, D>(*p, row, xs, gs)         \
                                    : gl::guided_score<gl::boxes_family, Real, D>(*p, row, xs, gs);       \
        for (int i = 0; i < D; ++i) g[i] = gs[i];                                                         \
        return ok ? 1 : 0;                                                                                \
    }
    GL_SCORE_AT(1)
    GL_SCORE_AT(2)
    GL_SCORE_AT(3)
    GL_SCORE_AT(16)
#undef GL_SCORE_AT
    return -1;
}

} // namespace

extern "C" int gl_host_supports_dimension(int d) { return d == 1 || d == 2 || d == 3 || d == 16; }

extern "C" int gl_host_launch(const char* name, const gl_sampler_params* params, int grid_dim, int block_dim) {
    if (grid_dim < 1 || block_dim < 1) return GL_HOST_BAD_GRID;
    bool known = false;
    for (const entry& e : entries) {
        if (strcmp(e.name, name) != 0) continue;
        known = true;
        if (e.dimension != params->dimension) continue;
        gridDim = {(unsigned int)grid_dim, 1, 1};
        blockDim = {(unsigned int)block_dim, 1, 1};
        for (int b = 0; b < grid_dim; ++b) {
            for (int t = 0; t < block_dim; ++t) {
                blockIdx = {(unsigned int)b, 0, 0};
                threadIdx = {(unsigned int)t, 0, 0};
                e.kernel(*params);
            }
        }
        return GL_HOST_OK;
    }
    return known ? GL_HOST_UNSUPPORTED_DIMENSION : GL_HOST_UNKNOWN_KERNEL;
}

extern "C" void gl_host_philox(const unsigned int counter[4], const unsigned int key[2], unsigned int out[4]) {
    const gl::philox_block r = gl::philox({counter[0], counter[1], counter[2], counter[3]}, key[0], key[1]);
    out[0] = r.x;
    out[1] = r.y;
    out[2] = r.z;
    out[3] = r.w;
}

extern "C" void gl_host_normal_pair_f64(unsigned long long seed, unsigned long long stream, unsigned int step, unsigned int slot, double out[2]) {
    gl::normal_pair(gl::philox_draw((gl_u32)seed, (gl_u32)(seed >> 32), stream, step, slot), out[0], out[1]);
}

extern "C" void gl_host_normal_pair_f32(unsigned long long seed, unsigned long long stream, unsigned int step, unsigned int slot, float out[2]) {
    gl::normal_pair(gl::philox_draw((gl_u32)seed, (gl_u32)(seed >> 32), stream, step, slot), out[0], out[1]);
}

extern "C" int gl_host_guided_score_f64(const char* family, const gl_sampler_params* params, int row, const double* x, double* g) {
    return guided_score<double>(family, params, row, x, g);
}

extern "C" int gl_host_guided_score_f32(const char* family, const gl_sampler_params* params, int row, const float* x, float* g) {
    return guided_score<float>(family, params, row, x, g);
}
