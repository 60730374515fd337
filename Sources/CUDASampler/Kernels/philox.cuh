/*
 * Philox4x32-10 (Salmon et al., SC'11) and the normals drawn from it, the device copy of
 * `Numerics.Philox` (Sources/GuidanceNumerics/Philox.swift) and `Philox.fillNormals`
 * (Sources/Diffusion/Philox+FillNormals.swift): the same 32-bit outputs for the same counter and
 * key, and in double precision the same normals, so particle p's draw at step k is the one the
 * CPU sampler makes. Checked bit for bit on the host in Tests/KernelHostTests.
 */
#ifndef GL_PHILOX_CUH
#define GL_PHILOX_CUH

#include "gl_prelude.cuh"

namespace gl {

struct philox_block { gl_u32 x, y, z, w; };

/* Ten rounds of the Philox bijection on the counter (c0, c1, c2, c3) under the key (k0, k1). */
GL_DEVICE philox_block philox(philox_block c, gl_u32 k0, gl_u32 k1) {
    const gl_u32 m0 = 0xD2511F53u, m1 = 0xCD9E8D57u, w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
#pragma unroll
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k0 += w0;
            k1 += w1;
        }
        const gl_u32 hi0 = __umulhi(m0, c.x), lo0 = m0 * c.x;
        const gl_u32 hi1 = __umulhi(m1, c.z), lo1 = m1 * c.z;
        const philox_block next = {hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0};
        c = next;
    }
    return c;
}

/* The block of draw (stream, step, slot) under seed: counter (stream low, stream high, step, slot),
   key (seed low, seed high). */
GL_DEVICE philox_block philox_draw(gl_u32 seed_low, gl_u32 seed_high, gl_u64 stream, gl_u32 step, gl_u32 slot) {
    const philox_block counter = {(gl_u32)stream, (gl_u32)(stream >> 32), step, slot};
    return philox(counter, seed_low, seed_high);
}

/* Two standard normals from one block by Box–Muller: in double, on the uniforms in (0, 1] from
   the top 53 bits of (x, y) and of (z, w), exactly `Philox.normalPair`'s arithmetic; in float, on
   the uniforms ((x >> 8) + 1)·2⁻²⁴ and ((z >> 8) + 1)·2⁻²⁴ (the top 24 bits of the same words, so
   within 2⁻²⁴ of the double uniforms: the same draw to float precision), the angle as sincospif
   (no range reduction, no local memory). */
GL_DEVICE void normal_pair(philox_block r, double& a, double& b) {
    const gl_u64 bits1 = ((gl_u64)r.x << 32) | r.y, bits2 = ((gl_u64)r.z << 32) | r.w;
    const double u1 = (double)((bits1 >> 11) + 1) * 0x1.0p-53;
    const double u2 = (double)((bits2 >> 11) + 1) * 0x1.0p-53;
    const double radius = sqrt(-2 * log(u1));
    const double angle = 2 * 3.141592653589793 * u2;
    a = radius * cos(angle);
    b = radius * sin(angle);
}

GL_DEVICE void normal_pair(philox_block r, float& a, float& b) {
    const float u1 = (float)((r.x >> 8) + 1) * 0x1.0p-24f;
    const float u2 = (float)((r.z >> 8) + 1) * 0x1.0p-24f;
    const float radius = sqrtf(-2.0f * logf(u1));
    float sine, cosine;
    sincospif(2.0f * u2, &sine, &cosine);
    a = radius * cosine;
    b = radius * sine;
}

/* The d normals of draw (seed, stream, step) into z: slot j gives z[2j], z[2j + 1], the second
   dropped when d is odd (`Philox.fillNormals`). D is a compile-time constant, so z stays in
   registers. */
template <typename Real, int D>
GL_DEVICE void fill_normals(Real (&z)[D], gl_u32 seed_low, gl_u32 seed_high, gl_u64 stream, gl_u32 step) {
#pragma unroll
    for (int j = 0; j < D; j += 2) {
        Real a, b;
        normal_pair(philox_draw(seed_low, seed_high, stream, step, (gl_u32)(j / 2)), a, b);
        z[j] = a;
        if (j + 1 < D) z[j + 1] = b;
    }
}

} // namespace gl

#endif
