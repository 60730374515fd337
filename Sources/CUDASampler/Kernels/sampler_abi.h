/*
 * The launch interface of the guided-sampler kernels (guided_sampler.cu): one plain C struct,
 * passed by value as the only kernel argument, with the same layout in C, C++, CUDA and Swift
 * (only 4- and 8-byte fields; every address is an `unsigned long long`, a CUDA device pointer or,
 * on the host, a pointer's bits).
 *
 * Who fills what. The host (Swift, `Diffusion.KernelTables`) computes every number that depends
 * on the noise schedule, the guidance schedule or the noised components, with the CPU code's own
 * functions, so no schedule math is repeated in CUDA:
 *   times      double[(steps + 1) * GL_TIME_STRIDE]   row k: t_k, m, s, f, g², w at the k-th
 *                                                     visited time (t_0 = T > … > t_steps = end)
 *   noised     Real[(steps + 1) * component_count * GL_NOISED_STRIDE(family, d)]: per visited
 *              time, per component (class by class), the noised component's constants:
 *                isotropic N(m μ, v I):        [log w_k + log-normaliser, 1/(2v), 1/v]
 *                diagonal  N(m μ, diag(v_i)):  [log w_k - ½ Σ log v_i - d log √(2π), 1/v_0, …, 1/v_{d-1}]
 *                full      N(m μ, C = L Lᵀ):   [log w_k - ½ log det C - d log √(2π), then row i of L
 *                          for i < d: L_i0, …, L_i,i-1, 1/L_ii]  (1 + d(d + 1)/2 numbers)
 *                boxes     uniform on ∏ [l_i, u_i]:    [log w_k], then per coordinate i,
 *                          GL_BOX_RECORD numbers:
 *                          [centre, h, 1/s, short log-scale, wide log-scale, h ≤ ½ (1 or 0),
 *                           A_0, …, A_9, 0·A_0, 2A_1, …, 18 A_9]  (NoisedPiecewiseLinear's
 *                          one-segment record and its ShortSeriesCoefficients)
 *              where w_k is the component's weight in its class (normalised).
 *   means      Real[component_count * d]    each component's data mean μ_k (the kernel uses m μ_k);
 *              unused by the boxes family
 *   box_bounds Real[component_count * 2d]   boxes: each box's lower corner, then its upper one
 *   mills_ratio Real[GL_MILLS_RATIO_COEFFICIENTS]  boxes: Normal.millsRatioCoefficients
 *   class_log_weights  Real[class_count]    log π_c (normalised)
 *   class_bounds       int[class_count + 1] class c's components are class_bounds[c] ..< class_bounds[c + 1]
 * `Real` is double in the *_f64 kernels and float in the *_f32 kernels (the times stay double).
 *
 * Particles. A launch advances particles first_particle ..< first_particle + particle_count
 * (chunking: several launches with different first_particle give the same numbers as one). The
 * start point of particle p is start_standard_deviation · Z, Z the Philox normals of
 * (seed, p, step 0xFFFFFFFF) as `Sampler.startPoints`, or row p - first_particle of
 * start_positions when that is nonzero. Noise at step k is Philox (seed, p, k), as on the CPU.
 *
 * Outputs, each optional (0 = not wanted):
 *   positions   Real[particle_count * d]          final positions, row-major, local index
 *   moments     double[reduction_slots * 2d]      slot r: Σ x_i (i < d), then Σ x_i² (d ≤ i < 2d)
 *   histogram   unsigned int[reduction_slots * d * (histogram_bins + 2)]: slot r, coordinate i:
 *               cell 0 counts x_i < lower, cell 1 + j counts bin j, cell bins + 1 counts the rest
 *               (and NaN); bin j = floor((x_i - histogram_lower) * histogram_scale) as a double,
 *               histogram_scale = bins / (upper - lower)
 *   failures    unsigned int[1]    particles whose state or density left the finite range (the
 *               CPU throws there); their outputs are NaN and they are left out of the reductions
 *   in_support  unsigned int[1]    particles that end in the support of class c (for Gaussian
 *               classes, every particle that did not fail; Mixture.classContains)
 *   mean_path   double[reduction_slots * (steps + 1) * d]   slot r, row k: Σ x_i at the k-th
 *               visited time (row 0 the start points); divided by the particle count, the CPU's
 *               SampleBatch.meanPath. A failed particle's rows up to its failure are included
 *               (a run with a failure is an error, as the CPU's throws). One atomic addition per
 *               particle, step and coordinate: ask for it only when the path is wanted.
 * Reductions are atomic additions into slot (block index mod reduction_slots) so that blocks do
 * not all contend for the same addresses: the host adds the slots up.
 */
#ifndef GL_SAMPLER_ABI_H
#define GL_SAMPLER_ABI_H

/* Columns of the time table. */
#define GL_TIME_T 0
#define GL_TIME_M 1
#define GL_TIME_S 2
#define GL_TIME_F 3
#define GL_TIME_G2 4
#define GL_TIME_W 5
#define GL_TIME_STRIDE 6

/* Numbers per noised component per visited time. */
#define GL_NOISED_STRIDE_ISOTROPIC 3
#define GL_NOISED_STRIDE_DIAGONAL(d) (1 + (d))
#define GL_NOISED_STRIDE_FULL(d) (1 + (d) * ((d) + 1) / 2)
#define GL_BOX_RECORD 26
#define GL_NOISED_STRIDE_BOXES(d) (1 + GL_BOX_RECORD * (d))
#define GL_MILLS_RATIO_COEFFICIENTS (32 * 11 + 11)

/* Score error (Diffusion.ScoreErrorModel): profile, target, scaling. */
#define GL_ERROR_NONE 0
#define GL_ERROR_CONSTANT 1
#define GL_ERROR_BUMP 2
#define GL_ERROR_SLAB 3
#define GL_ERROR_CONDITIONAL 0
#define GL_ERROR_UNCONDITIONAL 1
#define GL_ERROR_ABSOLUTE 0
#define GL_ERROR_INVERSE_VARIANCE 1

typedef struct gl_sampler_params {
    /* Shape of the run. */
    int dimension;              /* d; must equal the kernel's GL_DIM (else every particle fails) */
    int steps;                  /* ≥ 1; the time table has steps + 1 rows */
    unsigned long long particle_count;
    unsigned long long first_particle;
    unsigned int seed_low;      /* the 64-bit seed, low and high words */
    unsigned int seed_high;
    double eta;                 /* DDIM's η ∈ [0, 1]; DDPM always uses 1, the other samplers none */
    double start_standard_deviation;

    /* Host-computed tables (see above). */
    unsigned long long times;
    unsigned long long noised;
    unsigned long long means;
    unsigned long long class_log_weights;
    unsigned long long class_bounds;
    int class_count;
    int class_index;            /* the class c sampled */
    int component_count;

    /* Score error e(t, x) = level · v · b(x) · a(t), added to the guided score times (1 + w)
       (conditional) or -w (unconditional). direction and center: Real[d]. */
    int error_profile;
    int error_target;
    int error_scaling;
    double error_level;
    double error_width;
    unsigned long long error_direction;
    unsigned long long error_center;

    /* Start points (optional) and outputs (optional). */
    unsigned long long start_positions;
    unsigned long long positions;
    unsigned long long moments;
    unsigned long long histogram;
    int reduction_slots;        /* ≥ 1 when moments or histogram is set */
    int histogram_bins;
    double histogram_lower;
    double histogram_scale;
    unsigned long long failures;

    /* The boxes family's tables, and the in-support count (both optional for the Gaussians). */
    unsigned long long mills_ratio;
    unsigned long long box_bounds;
    unsigned long long in_support;
    unsigned long long mean_path;
} gl_sampler_params;

#endif
