/*
 * The guided-sampler kernels (Sources/CUDASampler/Kernels) compiled for the host and run over a
 * simulated grid, for tests against the Swift CPU sampler. The kernel file the GPU compiles is
 * the file compiled here (KernelHost.cpp includes guided_sampler.cu once per dimension).
 */
#ifndef GL_KERNEL_HOST_H
#define GL_KERNEL_HOST_H

#include "../../CUDASampler/Kernels/sampler_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status of gl_host_launch. */
#define GL_HOST_OK 0
#define GL_HOST_UNKNOWN_KERNEL 1
#define GL_HOST_UNSUPPORTED_DIMENSION 2
#define GL_HOST_BAD_GRID 3

/* Whether the host build has the kernels for dimension d (1, 2, 3 and 16). */
int gl_host_supports_dimension(int d);

/* Runs kernel `name` (e.g. "gl_sample_ode_heun_isotropic_f64", kernel_variants.h) for
   params->dimension over grid_dim blocks of block_dim threads, one simulated thread after the
   other (so the atomics need no locking). Returns a GL_HOST_ status. */
int gl_host_launch(const char* name, const gl_sampler_params* params, int grid_dim, int block_dim);

/* The device Philox of philox.cuh on the host: ten rounds on counter under key. */
void gl_host_philox(const unsigned int counter[4], const unsigned int key[2], unsigned int out[4]);

/* The two normals of Philox draw (seed, stream, step, slot), double and float paths. */
void gl_host_normal_pair_f64(unsigned long long seed, unsigned long long stream, unsigned int step, unsigned int slot, double out[2]);
void gl_host_normal_pair_f32(unsigned long long seed, unsigned long long stream, unsigned int step, unsigned int slot, float out[2]);

/* The kernels' guided score (guided_score.cuh) at x for time row `row` of params' tables, family
   "isotropic", "diagonal", "full" or "boxes", into g (params->dimension numbers). Returns 1 when the kernel would
   go on, 0 where it marks the particle failed, -1 for an unknown family or dimension. */
int gl_host_guided_score_f64(const char* family, const gl_sampler_params* params, int row, const double* x, double* g);
int gl_host_guided_score_f32(const char* family, const gl_sampler_params* params, int row, const float* x, float* g);

#ifdef __cplusplus
}
#endif

#endif
