"""Quantiles of the guided probability-flow ODE's output in 1-D by SciPy's `solve_ivp` (DOP853),
one solve per quantile: the peer of `guidance bench --workload flowmap` (`FlowMap1D.quantile`).

Quantile q is `F(σ Φ⁻¹(q))`, F the map from time T to `end` of `dx/dt = f x - ½ g² g^w_t(x)` under
the OU process (`m = e^{-t}`, `s² = 1 - e^{-2t}`, `f = -1`, `g² = 2`), with the score of a
1-D Gaussian mixture in closed form.
"""
import math
import time

from peer_common import answer, load_input, progress, require

np, _ = require("numpy", "scipy")
from scipy.integrate import solve_ivp  # noqa: E402
from scipy.special import ndtri  # noqa: E402

spec = load_input()
components = spec["components"]
classes = np.array([c["class"] for c in components])
means = np.array([c["mean"][0] for c in components])
variances = np.array([c["variance"] for c in components])
log_weights = np.log(np.array([c["weight"] for c in components]))
log_class_weights = np.log(np.array(spec["classWeights"]))
target, w = spec["classIndex"], spec["w"]
tolerance = spec["tolerance"]


def guided_score(t, x):
    m, s2 = math.exp(-t), -math.expm1(-2 * t)
    v = m * m * variances + s2
    diff = m * means - x
    terms = log_weights - 0.5 * np.log(2 * np.pi * v) - 0.5 * diff * diff / v
    scores = diff / v
    joint, class_scores = [], []
    for c in range(len(log_class_weights)):
        cols = classes == c
        top = terms[cols].max()
        e = np.exp(terms[cols] - top)
        class_scores.append(float(e @ scores[cols]) / e.sum())
        joint.append(log_class_weights[c] + top + math.log(e.sum()))
    joint = np.array(joint)
    posterior = np.exp(joint - joint.max())
    posterior /= posterior.sum()
    marginal = float(posterior @ np.array(class_scores))
    return (1 + w) * class_scores[target] - w * marginal


def rhs(t, y):
    return [-y[0] - guided_score(t, y[0])]


levels = spec["levels"]
progress(f"flowmap: {len(levels)} quantiles by solve_ivp DOP853 at rtol = atol = {tolerance}")
start = time.perf_counter()
output = []
for q in levels:
    solution = solve_ivp(rhs, (spec["horizon"], spec["end"]), [spec["sigma"] * ndtri(q)], method="DOP853", rtol=tolerance, atol=tolerance)
    output.append(float(solution.y[0, -1]))
seconds = time.perf_counter() - start
answer(seconds=seconds, work=float(len(levels)), output=output)
