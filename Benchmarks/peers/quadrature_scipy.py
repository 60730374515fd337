"""Noised scores of a Beta density by SciPy's `quad` (QUADPACK QAGS, as GSL's): the peer of
`guidance bench --workload quadrature` (`QuadratureComponent`).

With `u = (x - m y)/s`, the score is `-(1/s) ∫ u q(y) φ(u) dy / ∫ q(y) φ(u) dy`, both integrals over
the window the library uses: `y* = clamp(x/m, a, b)`, `u* = (x - m y*)/s`,
`y* ± 60 s/(m max(1, |u*|)) ∩ [a, b]`, the Gaussian factor scaled by `exp(u*²/2)`.
"""
import math
import time

from peer_common import answer, load_input, progress, require

require("numpy", "scipy")
from scipy.integrate import quad  # noqa: E402
from scipy.special import beta as beta_function  # noqa: E402

spec = load_input()
a, b, alpha, beta = spec["lower"], spec["upper"], spec["alpha"], spec["beta"]
tolerance = spec["relativeTolerance"]
norm = beta_function(alpha, beta) * (b - a)


def density(y):
    r = (y - a) / (b - a)
    return r ** (alpha - 1) * (1 - r) ** (beta - 1) / norm if 0 <= r <= 1 else 0.0


def score(x, m, s):
    peak = min(max(x / m, a), b)
    u_peak = (x - m * peak) / s
    half = 60 * s / (m * max(1.0, abs(u_peak)))
    lo, hi = max(a, peak - half), min(b, peak + half)

    def weight(y):
        u = (x - m * y) / s
        return density(y) * math.exp(-0.5 * (u - u_peak) * (u + u_peak))

    i0 = quad(weight, lo, hi, epsabs=0, epsrel=tolerance, limit=2000)[0]
    i1 = quad(lambda y: (x - m * y) / s * weight(y), lo, hi, epsabs=tolerance * i0 * max(1.0, abs(u_peak)), epsrel=tolerance, limit=2000)[0]
    return -(i1 / i0) / s


xs, ms, ss = spec["x"], spec["m"], spec["s"]
progress(f"quadrature: {len(xs)} noised scores by scipy quad at epsrel = {tolerance}")
start = time.perf_counter()
output = [score(x, m, s) for x, m, s in zip(xs, ms, ss)]
seconds = time.perf_counter() - start
answer(seconds=seconds, work=float(len(xs)), output=output)
