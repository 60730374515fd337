import Diffusion
import KernelHost

/// `gl_sampler_params` (sampler_abi.h) filled from `KernelTables` for one launch over particles
/// `first ..< first + count`, with the table and output addresses given by the caller (device
/// buffers on a card).
struct SamplerLaunch {
    /// The device addresses of the tables, uploaded once per run.
    struct Tables {
        var times, noised, means, classLogWeights, classBounds: UInt64
        var errorDirection: UInt64 = 0, errorCenter: UInt64 = 0
        /// The boxes family's tables (0 for the Gaussians).
        var millsRatio: UInt64 = 0, boxBounds: UInt64 = 0
    }

    /// The device addresses of one launch's outputs (0: not wanted).
    struct Outputs {
        var positions: UInt64 = 0, moments: UInt64 = 0, failures: UInt64 = 0, inSupport: UInt64 = 0, meanPath: UInt64 = 0
        var reductionSlots: Int32 = 1
    }

    static func params(_ tables: KernelTables, addresses: Tables, outputs: Outputs, first: Int, count: Int) -> gl_sampler_params {
        var p = gl_sampler_params()
        p.dimension = Int32(tables.dimension)
        p.steps = Int32(tables.steps)
        p.particle_count = UInt64(count)
        p.first_particle = UInt64(first)
        p.seed_low = UInt32(truncatingIfNeeded: tables.seed)
        p.seed_high = UInt32(truncatingIfNeeded: tables.seed >> 32)
        p.eta = tables.eta
        p.start_standard_deviation = tables.startStandardDeviation
        (p.times, p.noised, p.means) = (addresses.times, addresses.noised, addresses.means)
        (p.class_log_weights, p.class_bounds) = (addresses.classLogWeights, addresses.classBounds)
        p.class_count = Int32(tables.classCount)
        p.class_index = Int32(tables.classIndex)
        p.component_count = Int32(tables.componentCount)
        if let e = tables.scoreError {
            (p.error_profile, p.error_target, p.error_scaling) = (e.profile, e.target, e.scaling)
            (p.error_level, p.error_width) = (e.level, e.width)
            (p.error_direction, p.error_center) = (addresses.errorDirection, addresses.errorCenter)
        }
        (p.mills_ratio, p.box_bounds) = (addresses.millsRatio, addresses.boxBounds)
        (p.positions, p.moments, p.failures) = (outputs.positions, outputs.moments, outputs.failures)
        (p.in_support, p.mean_path) = (outputs.inSupport, outputs.meanPath)
        p.reduction_slots = outputs.reductionSlots
        return p
    }
}
