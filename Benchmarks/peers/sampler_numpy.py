"""The guided probability-flow ODE, Heun's method, vectorised over particles in NumPy (float64):
the peer of `guidance bench` workloads gauss-d2, gauss-d16 and box-d2.

The model, the grid and the schedule values `m, s, f, g²` at each visited time come from the
input file; the start points are the first particles of the Swift run (raw float64). The score is
computed as the library states it (`NoisedMixture.accumulate`): per class a log-sum-exp over the
components' `l_k = log w_k + log p_{t,k}(x)`, then `p_t(c|x)`, the marginal score and
`g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)`. The velocity is `f x - ½ g² g`; step k from `t_hi` to
`t_lo = t_hi - h` is `k1 = v(t_hi, x)`, `k2 = v(t_lo, x - h k1)`, `x ← x - h (k1 + k2)/2`.
"""
import time

from peer_common import answer, load_input, log_mass_and_mean, progress, require, sampler_arrays

(np,) = require("numpy")
spec = load_input()
d, n = spec["dimension"], spec["particles"]
arrays = sampler_arrays(np, spec)
x, classes, log_weights, log_class_weights = (arrays[k] for k in ("x", "classes", "log_weights", "log_class_weights"))
times, ms, ss, fs, g2s = (arrays[k] for k in ("times", "m", "s", "f", "g2"))
class_count = len(log_class_weights)
target, w = spec["classIndex"], spec["w"]

if spec["kind"] == "gaussian":
    means, variances = arrays["means"], arrays["variances"]

    def component_terms(x, m, s):
        """`l_k` (n, K) and the component scores (n, K, d) of isotropic Gaussians."""
        v = m * m * variances + s * s
        diff = m * means[None, :, :] - x[:, None, :]
        q = np.einsum("nkd,nkd->nk", diff, diff)
        terms = log_weights - 0.5 * d * np.log(2 * np.pi * v) - 0.5 * q / v
        return terms, diff / v[None, :, None]
else:
    from scipy.special import log_ndtr

    lower = np.array([c["lower"] for c in spec["components"]])
    upper = np.array([c["upper"] for c in spec["components"]])

    def component_terms(x, m, s):
        """`l_k` and scores of uniform boxes: per coordinate `p = (Φ(hi) - Φ(lo)) / (m (b - a))`,
        score `-E[u]/s`, with `lo = (x - m b)/s`, `hi = (x - m a)/s`."""
        lo = (x[:, None, :] - m * upper[None, :, :]) / s
        hi = (x[:, None, :] - m * lower[None, :, :]) / s
        log_mass, mean = log_mass_and_mean(np, log_ndtr, lo, hi)
        terms = log_weights + np.sum(log_mass - np.log(upper - lower)[None, :, :] - np.log(m), axis=2)
        return terms, -mean / s


def guided_score(x, m, s):
    terms, scores = component_terms(x, m, s)
    class_scores, joint = [], []
    for c in range(class_count):
        cols = classes == c
        top = terms[:, cols].max(axis=1)
        e = np.exp(terms[:, cols] - top[:, None])
        total = e.sum(axis=1)
        class_scores.append(np.einsum("nk,nkd->nd", e, scores[:, cols, :]) / total[:, None])
        joint.append(log_class_weights[c] + top + np.log(total))
    joint = np.stack(joint, axis=1)
    posterior = np.exp(joint - joint.max(axis=1, keepdims=True))
    posterior /= posterior.sum(axis=1, keepdims=True)
    marginal = sum(posterior[:, c, None] * class_scores[c] for c in range(class_count))
    return (1 + w) * class_scores[target] - w * marginal


def velocity(k, x):
    return fs[k] * x - 0.5 * g2s[k] * guided_score(x, ms[k], ss[k])


progress(f"{spec['kind']} d = {d}: {n} particles × {len(times) - 1} Heun steps")
start = time.perf_counter()
for k in range(len(times) - 1):
    h = times[k] - times[k + 1]
    k1 = velocity(k, x)
    k2 = velocity(k + 1, x - h * k1)
    x = x - 0.5 * h * (k1 + k2)
seconds = time.perf_counter() - start
answer(seconds=seconds, work=float(n * (len(times) - 1)), output=x[: spec.get("outputParticles", n)].reshape(-1).tolist())
