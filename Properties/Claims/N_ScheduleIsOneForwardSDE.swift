import ClaimKit
import Diffusion
import Foundation

/// N.2 (numerics prerequisite): every noise schedule's four functions describe one forward SDE.
///
/// **Setting.** The schedules the samplers run on: OU, VP-linear (DDPM's β from 1e-4 to 0.02 over
/// 1000 steps), VP-cosine (offset 0.008) and VE (EDM's σ from 0.002 to 80), at a time drawn
/// log-uniformly between the schedule's default end and its default horizon.
///
/// **Statement.** `X_t = m(t) X_0 + s(t) Z` is the solution of `dX = f X dt + g dB` with
/// `f = d log m/dt` and `g² = d s²/dt - 2 f s²` (Properties/README.md §1): the closed forms of `f`
/// and `g²` that every sampler uses agree with the derivatives of the closed forms of `m` and `s`.
///
/// **Formalisation.** The derivatives by Richardson-extrapolated central differences (steps
/// `h` = 1e-3 of the distance to 0 or to a singularity, and `h/2`; error `O((h/distance)⁴)`,
/// about 1e-12 relative), against `f(t)` and `g²(t)`.
///
/// **Tolerance.** Relative error ≤ 1e-6 of each (with an absolute floor of 1e-12 for VE's f = 0);
/// the largest seen is 2e-8 (VP-linear at t ≈ 3e-4, where log m ≈ -3e-6 loses digits), a
/// wrong formula is off by O(1).
enum ScheduleIsOneForwardSDE {
    struct Case: Codable, Sendable, Equatable {
        /// Index into `schedules`.
        var schedule: Int
        /// Where in `[log end, log horizon]` the time lies, in `[0, 1]`.
        var fraction: Double
    }

    static let schedules: [NoiseSchedule] = [.ou, .ddpmLinear, .cosine, .edm]

    /// `t` of the case: log-uniform between the schedule's default end and horizon.
    static func time(_ c: Case) -> Double {
        let schedule = schedules[c.schedule]
        let lo = log(schedule.defaultEnd), hi = log(min(schedule.defaultHorizon, schedule.maximumTime))
        return exp(lo + c.fraction * (hi - lo))
    }

    /// `d u/dt` at `t` by Richardson extrapolation of central differences at `h` and `h/2`, with
    /// `h` a thousandth of the distance to 0 or to the schedule's singularity (VP-cosine's m
    /// vanishes at t = 1), whichever is nearer.
    static func derivative(_ u: (Double) -> Double, at t: Double, schedule: NoiseSchedule) -> Double {
        let singularity: Double = if case .vpCosine = schedule { 1 } else { .infinity }
        let h = 1e-3 * min(t, singularity - t)
        let coarse = (u(t + h) - u(t - h)) / (2 * h), fine = (u(t + h / 2) - u(t - h / 2)) / h
        return (4 * fine - coarse) / 3
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "N.2", paper: "[N] forward SDE of the noise schedules (numerics prerequisite)",
            setting: "OU, VP-linear (DDPM), VP-cosine, VE (EDM) at a log-uniform t in [end, horizon]",
            statement: "f = d log m/dt and g² = d s²/dt - 2 f s²: the four functions describe one forward SDE",
            formalisation: "Richardson central differences of log m and s² (h = 1e-3 of the distance to 0 or a singularity) against f(t) and g²(t)",
            tolerance: "relative error ≤ 1e-6 (absolute floor 1e-12)"),
        cases: 40, edgeCases: 4,
        generate: { g in Case(schedule: g.int(in: 0...(schedules.count - 1)), fraction: g.double(in: 0...1)) },
        shrink: { c in Shrink.field(c, \.fraction, { Shrink.towardsRound($0).filter { (0...1).contains($0) } }) },
        check: { c, _ in consistency(c, gSquared: { $0.gSquared($1) }) },
        controls: [
            // OU's g² = 2 read as d s²/dt alone (the VE formula, without -2 f s²) is off by 2 f s².
            Control("OU with g² taken as d s²/dt, dropping -2 f s²") { _ in
                consistency(Case(schedule: 0, fraction: 0.5), gSquared: { schedule, t in schedule.gSquared(t) + 2 * schedule.f(t) * schedule.s(t) * schedule.s(t) })
            },
        ])

    /// The check of the case with `gSquared(schedule, t)` as the schedule's g².
    static func consistency(_ c: Case, gSquared: (NoiseSchedule, Double) -> Double) -> Verdict {
        let schedule = schedules[c.schedule], t = time(c)
        let f = schedule.f(t), g2 = gSquared(schedule, t), s = schedule.s(t)
        let fFromM = derivative({ log(schedule.m($0)) }, at: t, schedule: schedule)
        let g2FromS = derivative({ schedule.s($0) * schedule.s($0) }, at: t, schedule: schedule) - 2 * f * s * s
        let errors = [abs(f - fFromM) / max(abs(f), floor / tolerance), abs(g2 - g2FromS) / max(abs(g2), floor / tolerance)]
        let figures = [
            Figure("relative error of f", errors[0], note: "t = \(t), f = \(f)"),
            Figure("relative error of g²", errors[1], note: "g² = \(g2)"),
        ]
        return .require(errors.max()! <= tolerance, otherwise: "schedule \(c.schedule) at t = \(t): f \(f) vs d log m/dt \(fFromM), g² \(g2) vs \(g2FromS)",
                        figures: figures)
    }

    /// The relative tolerance and the absolute floor under it.
    static let tolerance = 1e-6, floor = 1e-12
}
