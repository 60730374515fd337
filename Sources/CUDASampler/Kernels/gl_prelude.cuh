/*
 * What every kernel header needs: fixed-width integers, the function qualifiers, and the
 * elementary functions in both precisions, all from what NVRTC provides built in (no CUDA or
 * system headers). On the host, KernelHost's shim (cuda_host_shim.h) defines the CUDA
 * built-ins first; the same names then have host meanings.
 */
#ifndef GL_PRELUDE_CUH
#define GL_PRELUDE_CUH

#include "sampler_abi.h"

typedef unsigned int gl_u32;
typedef unsigned long long gl_u64;

#define GL_DEVICE __device__ __forceinline__

namespace gl {

/* The elementary functions, overloaded on the precision. float uses the accurate single-precision
   library functions (expf is ex2.approx plus a few FMAs on the device, within 2 ulp); double the
   double ones, so a float64 kernel on the host calls exactly the C library functions the Swift
   CPU code calls. */
GL_DEVICE double exp_(double x) { return exp(x); }
GL_DEVICE float exp_(float x) { return expf(x); }
GL_DEVICE double log_(double x) { return log(x); }
GL_DEVICE float log_(float x) { return logf(x); }
GL_DEVICE double sqrt_(double x) { return sqrt(x); }
GL_DEVICE float sqrt_(float x) { return sqrtf(x); }
GL_DEVICE double sin_(double x) { return sin(x); }
GL_DEVICE float sin_(float x) { return sinf(x); }
GL_DEVICE double cos_(double x) { return cos(x); }
GL_DEVICE float cos_(float x) { return cosf(x); }

GL_DEVICE double infinity_(double) { return __longlong_as_double(0x7ff0000000000000LL); }
GL_DEVICE float infinity_(float) { return __int_as_float(0x7f800000); }

template <typename Real> GL_DEVICE Real max_(Real a, Real b) { return a > b ? a : b; }
template <typename Real> GL_DEVICE Real min_(Real a, Real b) { return a < b ? a : b; }
/* x - x is 0 exactly for finite x and NaN for ±∞ and NaN. */
template <typename Real> GL_DEVICE bool finite_(Real x) { return x - x == Real(0); }

/* A typed view of a device address from the params. */
template <typename T> GL_DEVICE T* at(unsigned long long address) { return reinterpret_cast<T*>(address); }

} // namespace gl

#endif
