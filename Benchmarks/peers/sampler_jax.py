"""The guided probability-flow ODE, Heun's method, in JAX (`jax.jit`): the peer of `guidance
bench` workloads gauss-d2, gauss-d16 and box-d2 that a user would write to beat NumPy (float64, on
the CPU), and of the CUDA sampler's workload (`guidance gpu bench`: `precision` "float32", on
JAX's default backend, the GPU where jax has CUDA). The whole run is one jitted function: a `lax.fori_loop` over the steps, each step
vectorised over the particles exactly as `sampler_numpy.py` writes it (same score, same
log-sum-exp, same box terms through `jax.scipy.special.log_ndtr`).

The function is compiled ahead of time for the run's shapes (`jit(...).lower(...).compile()`),
outside the timing; the timing ends at `block_until_ready`. Threads: XLA's CPU default.
"""
import time

from peer_common import answer, load_input, log_mass_and_mean, progress, require, sampler_arrays

np, jax = require("numpy", "jax")
spec = load_input()
precision = spec.get("precision", "float64")
if precision not in ("float32", "float64"):
    answer(error=f"precision {precision!r}: give float32 or float64")
jax.config.update("jax_enable_x64", precision == "float64")
import jax.numpy as jnp  # noqa: E402  (after choosing the precision)
from jax.scipy.special import log_ndtr  # noqa: E402

d = spec["dimension"]
arrays = sampler_arrays(np, spec)
class_count = len(arrays["log_class_weights"])
target, w = spec["classIndex"], float(spec["w"])
classes, log_weights, log_class_weights = (jnp.asarray(arrays[k]) for k in ("classes", "log_weights", "log_class_weights"))
times, ms, ss, fs, g2s = (jnp.asarray(arrays[k]) for k in ("times", "m", "s", "f", "g2"))

if spec["kind"] == "gaussian":
    means, variances = jnp.asarray(arrays["means"]), jnp.asarray(arrays["variances"])

    def component_terms(x, m, s):
        v = m * m * variances + s * s
        diff = m * means[None, :, :] - x[:, None, :]
        q = jnp.einsum("nkd,nkd->nk", diff, diff)
        terms = log_weights - 0.5 * d * jnp.log(2 * jnp.pi * v) - 0.5 * q / v
        return terms, diff / v[None, :, None]
else:
    lower = jnp.asarray([c["lower"] for c in spec["components"]])
    upper = jnp.asarray([c["upper"] for c in spec["components"]])

    def component_terms(x, m, s):
        lo = (x[:, None, :] - m * upper[None, :, :]) / s
        hi = (x[:, None, :] - m * lower[None, :, :]) / s
        log_mass, mean = log_mass_and_mean(jnp, log_ndtr, lo, hi)
        terms = log_weights + jnp.sum(log_mass - jnp.log(upper - lower)[None, :, :] - jnp.log(m), axis=2)
        return terms, -mean / s


def guided_score(x, m, s):
    terms, scores = component_terms(x, m, s)
    class_scores, joint = [], []
    for c in range(class_count):
        member = classes == c
        masked = jnp.where(member[None, :], terms, -jnp.inf)
        top = masked.max(axis=1)
        e = jnp.where(member[None, :], jnp.exp(masked - top[:, None]), 0.0)
        total = e.sum(axis=1)
        class_scores.append(jnp.einsum("nk,nkd->nd", e, scores) / total[:, None])
        joint.append(log_class_weights[c] + top + jnp.log(total))
    joint = jnp.stack(joint, axis=1)
    posterior = jax.nn.softmax(joint, axis=1)
    marginal = sum(posterior[:, c, None] * class_scores[c] for c in range(class_count))
    return (1 + w) * class_scores[target] - w * marginal


def velocity(k, x):
    return fs[k] * x - 0.5 * g2s[k] * guided_score(x, ms[k], ss[k])


def heun(x):
    def step(k, x):
        h = times[k] - times[k + 1]
        k1 = velocity(k, x)
        k2 = velocity(k + 1, x - h * k1)
        return x - 0.5 * h * (k1 + k2)

    return jax.lax.fori_loop(0, times.shape[0] - 1, step, x)


x = jnp.asarray(arrays["x"], dtype=jnp.float64 if precision == "float64" else jnp.float32)
progress(f"jax {jax.__version__} ({jax.default_backend()}): compiling for {x.shape[0]} particles × {times.shape[0] - 1} steps")
compiled = jax.jit(heun).lower(x).compile()
progress(f"{spec['kind']} d = {d}: {x.shape[0]} particles × {times.shape[0] - 1} Heun steps")
start = time.perf_counter()
out = compiled(x).block_until_ready()
seconds = time.perf_counter() - start
out = np.asarray(out[: spec.get("outputParticles", x.shape[0])], dtype=np.float64)
answer(seconds=seconds, work=float(x.shape[0] * (times.shape[0] - 1)), output=out.reshape(-1).tolist(),
       tool=f"jax {jax.__version__} jit {precision} {jax.default_backend()}")
