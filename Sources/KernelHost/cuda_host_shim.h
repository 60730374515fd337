/*
 * Host meanings for the CUDA built-ins the kernels use, so that guided_sampler.cu compiles as
 * C++: the qualifiers are empty or inline, threadIdx/blockIdx/blockDim/gridDim are set by the
 * host launch loop (KernelHost.cpp) before each simulated thread runs, __umulhi and the bit casts
 * are exact, and the atomics are plain read-modify-writes, correct because the simulated threads
 * run one after the other. The elementary functions are the C library's (math.h), the ones the
 * Swift CPU code calls.
 */
#ifndef GL_CUDA_HOST_SHIM_H
#define GL_CUDA_HOST_SHIM_H

#include <math.h>
#include <string.h>

#define __global__
#define __device__
#define __forceinline__ inline

struct gl_host_dim3 {
    unsigned int x, y, z;
};
extern thread_local gl_host_dim3 threadIdx, blockIdx, blockDim, gridDim;

inline unsigned int __umulhi(unsigned int a, unsigned int b) {
    return (unsigned int)(((unsigned long long)a * b) >> 32);
}

inline double __longlong_as_double(long long bits) {
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

inline float __int_as_float(int bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/* sin(πx) and cos(πx), in double and rounded once. */
inline void sincospif(float x, float* sine, float* cosine) {
    *sine = (float)sin(3.141592653589793 * x);
    *cosine = (float)cos(3.141592653589793 * x);
}

inline double atomicAdd(double* address, double value) {
    const double old = *address;
    *address = old + value;
    return old;
}

inline unsigned int atomicAdd(unsigned int* address, unsigned int value) {
    const unsigned int old = *address;
    *address = old + value;
    return old;
}

#endif
