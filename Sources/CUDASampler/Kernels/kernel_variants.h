/*
 * Every kernel entry point, as an X-macro: define GL_KERNEL(sampler, family, precision), include
 * this file, and each variant expands once. The entry point is named
 * gl_sample_<sampler>_<family>_<precision> and takes one gl_sampler_params by value.
 */
#define GL_KERNEL_FAMILY(family) \
    GL_KERNEL(ode_euler, family, f64) GL_KERNEL(ode_euler, family, f32) \
    GL_KERNEL(ode_heun, family, f64)  GL_KERNEL(ode_heun, family, f32) \
    GL_KERNEL(sde_em, family, f64)    GL_KERNEL(sde_em, family, f32) \
    GL_KERNEL(ddpm, family, f64)      GL_KERNEL(ddpm, family, f32) \
    GL_KERNEL(ddim, family, f64)      GL_KERNEL(ddim, family, f32)

GL_KERNEL_FAMILY(isotropic)
GL_KERNEL_FAMILY(diagonal)
GL_KERNEL_FAMILY(full)
GL_KERNEL_FAMILY(boxes)

#undef GL_KERNEL_FAMILY
