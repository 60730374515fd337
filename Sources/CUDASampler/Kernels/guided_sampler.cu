/*
 * The guided samplers, one fused kernel per (sampler, family, precision) of kernel_variants.h:
 * every particle stays in registers from its start point to its end (particle_run.cuh). NVRTC
 * compiles this file with -DGL_DIM=d; the host target KernelHost includes this same file once per
 * dimension it supports, with GL_KERNEL_NAME defined to add the dimension to each name.
 *
 * Real: double (f64) or float (f32). Interface: sampler_abi.h.
 */
#include "box_family.cuh"
#include "gaussian_families.cuh"
#include "particle_run.cuh"

#ifndef GL_DIM
#error "GL_DIM (the dimension d) must be defined, e.g. -DGL_DIM=2"
#endif

#ifndef GL_KERNEL_NAME
#define GL_KERNEL_NAME(sampler, family, precision) gl_sample_##sampler##_##family##_##precision
#endif

typedef double gl_real_f64;
typedef float gl_real_f32;

#define GL_KERNEL(sampler, family, precision)                                                     \
    extern "C" __global__ void GL_KERNEL_NAME(sampler, family, precision)(gl_sampler_params p) { \
        gl::run_particles<gl::sampler, gl::family##_family, gl_real_##precision, GL_DIM>(p);      \
    }
#include "kernel_variants.h"
#undef GL_KERNEL
