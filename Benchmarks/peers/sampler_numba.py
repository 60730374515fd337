"""The guided probability-flow ODE, Heun's method, in Numba (`@njit(parallel=True)`, float64):
the peer of `guidance bench` workloads gauss-d2 and gauss-d16 that a user would write to beat
NumPy. Each particle runs all its steps in one `prange` iteration (fused, like the Swift
sampler), with the same score as `sampler_numpy.py` and the library (`NoisedMixture.accumulate`):
per class a log-sum-exp over `l_k = log w_k + log N(x; m μ_k, (m² σ_k² + s²) I)`, then
`p_t(c|x)`, the marginal score and `g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)`; velocity
`f x - ½ g² g`; step k: `k1 = v(t_hi, x)`, `k2 = v(t_lo, x - h k1)`, `x ← x - h (k1 + k2)/2`.

The JIT compilation runs first, on two particles and one step, and is not timed. Threads: Numba's
default (all cores, `NUMBA_NUM_THREADS`). Gaussian models only: the box workload has no Numba
peer (an answer with `error` says so).
"""
import math
import time

from peer_common import answer, load_input, progress, require, sampler_arrays

np, numba = require("numpy", "numba")
spec = load_input()
if spec["kind"] != "gaussian":
    answer(error="the numba peer runs the Gaussian workloads only (gauss-d2, gauss-d16)")
arrays = sampler_arrays(np, spec)
target, w = spec["classIndex"], float(spec["w"])


@numba.njit(inline="always")
def guided_score(x, m, s, means, variances, log_weights, classes, log_class_weights, target, w, terms, class_scores, joint, out):
    d, K, C = x.shape[0], means.shape[0], log_class_weights.shape[0]
    for j in range(K):
        v = m * m * variances[j] + s * s
        q = 0.0
        for i in range(d):
            diff = m * means[j, i] - x[i]
            q += diff * diff
        terms[j] = log_weights[j] - 0.5 * d * math.log(2 * math.pi * v) - 0.5 * q / v
    for c in range(C):
        top = -math.inf
        for j in range(K):
            if classes[j] == c and terms[j] > top:
                top = terms[j]
        total = 0.0
        for i in range(d):
            class_scores[c, i] = 0.0
        for j in range(K):
            if classes[j] == c:
                e = math.exp(terms[j] - top)
                total += e
                v = m * m * variances[j] + s * s
                for i in range(d):
                    class_scores[c, i] += e * (m * means[j, i] - x[i]) / v
        for i in range(d):
            class_scores[c, i] /= total
        joint[c] = log_class_weights[c] + top + math.log(total)
    top = joint.max()
    norm = 0.0
    for c in range(C):
        norm += math.exp(joint[c] - top)
    for i in range(d):
        marginal = 0.0
        for c in range(C):
            marginal += math.exp(joint[c] - top) / norm * class_scores[c, i]
        out[i] = (1 + w) * class_scores[target, i] - w * marginal


@numba.njit(parallel=True)
def heun(x, times, ms, ss, fs, g2s, means, variances, log_weights, classes, log_class_weights, target, w):
    n, d = x.shape
    K, C = means.shape[0], log_class_weights.shape[0]
    for p in numba.prange(n):
        terms, joint = np.empty(K), np.empty(C)
        class_scores = np.empty((C, d))
        xp, y, k1, k2 = x[p].copy(), np.empty(d), np.empty(d), np.empty(d)
        for k in range(times.shape[0] - 1):
            h = times[k] - times[k + 1]
            guided_score(xp, ms[k], ss[k], means, variances, log_weights, classes, log_class_weights, target, w, terms, class_scores, joint, k1)
            for i in range(d):
                k1[i] = fs[k] * xp[i] - 0.5 * g2s[k] * k1[i]
                y[i] = xp[i] - h * k1[i]
            guided_score(y, ms[k + 1], ss[k + 1], means, variances, log_weights, classes, log_class_weights, target, w, terms, class_scores, joint, k2)
            for i in range(d):
                k2[i] = fs[k + 1] * y[i] - 0.5 * g2s[k + 1] * k2[i]
                xp[i] -= 0.5 * h * (k1[i] + k2[i])
        x[p] = xp
    return x


names = ("times", "m", "s", "f", "g2", "means", "variances", "log_weights", "classes", "log_class_weights")
inputs = [arrays[key] for key in names]
progress(f"numba {numba.__version__}, {numba.get_num_threads()} threads: compiling")
heun(arrays["x"][:2].copy(), arrays["times"][:2], *inputs[1:], target, w)
x = arrays["x"]
progress(f"gaussian d = {x.shape[1]}: {x.shape[0]} particles × {len(arrays['times']) - 1} Heun steps")
start = time.perf_counter()
x = heun(x, *inputs, target, w)
seconds = time.perf_counter() - start
answer(seconds=seconds, work=float(x.shape[0] * (len(arrays["times"]) - 1)), output=x[: spec.get("outputParticles", x.shape[0])].reshape(-1).tolist(),
       tool=f"numba {numba.__version__} ({numba.get_num_threads()} threads)")
