"""The guided probability-flow ODE, Heun's method, in PyTorch on the GPU: the peers of the CUDA
sampler's workload (`guidance gpu bench`), eager and `torch.compile`, in the input's precision
(`precision`: "float32", the GPU workload's, or "float64"). Same score and update as
`sampler_numpy.py`: per class a log-sum-exp over the components' `l_k`, then `p_t(c|x)`, the
marginal score and `g = (1 + w) ∇log p_t(x|c) - w ∇log p_t(x)`; velocity `f x - ½ g² g`; Heun.
Gaussian models only (isotropic components).

`mode` in the input: "eager" runs the step loop as written; "compile" wraps one Heun step in
`torch.compile` (default inductor backend), compiled and run once on the same shapes before the
timing, so compilation is not timed. The timing ends at `torch.cuda.synchronize()`. Without CUDA
the answer is an `error`, never a CPU run passed off as the GPU peer.
"""
import time

from peer_common import answer, load_input, progress, require, sampler_arrays

np, torch = require("numpy", "torch")
spec = load_input()
if spec["kind"] != "gaussian":
    answer(error="the torch peer runs the Gaussian workloads only")
if not torch.cuda.is_available():
    answer(error=f"torch {torch.__version__}: no CUDA device")
mode = spec.get("mode", "eager")
if mode not in ("eager", "compile"):
    answer(error=f"mode {mode!r}: give eager or compile")
dtype = {"float32": torch.float32, "float64": torch.float64}.get(spec.get("precision", "float32"))
if dtype is None:
    answer(error=f"precision {spec.get('precision')!r}: give float32 or float64")
device = torch.device("cuda")
arrays = sampler_arrays(np, spec)
d = spec["dimension"]
target, w = spec["classIndex"], float(spec["w"])


def tensor(name):
    return torch.as_tensor(arrays[name], dtype=dtype, device=device)


means, variances, log_weights, log_class_weights = (tensor(k) for k in ("means", "variances", "log_weights", "log_class_weights"))
classes = torch.as_tensor(arrays["classes"], device=device)
class_count = int(log_class_weights.shape[0])
members = [classes == c for c in range(class_count)]
times_host = arrays["times"]
steps = len(times_host) - 1
# The schedule as device tensors, indexed per step: a compiled step sees values, not constants
# (Python floats would be specialised and recompiled at every step).
coefficients = torch.stack([tensor(k) for k in ("m", "s", "f", "g2")], dim=1)
widths = tensor("times")[:-1] - tensor("times")[1:]


def guided_score(x, m, s):
    v = m * m * variances + s * s
    diff = m * means[None, :, :] - x[:, None, :]
    q = (diff * diff).sum(dim=2)
    terms = log_weights - 0.5 * d * torch.log(2 * torch.pi * v) - 0.5 * q / v
    scores = diff / v[None, :, None]
    class_scores, joint = [], []
    for c, member in enumerate(members):
        t = terms[:, member]
        top = t.max(dim=1).values
        e = torch.exp(t - top[:, None])
        total = e.sum(dim=1)
        class_scores.append(torch.einsum("nk,nkd->nd", e, scores[:, member, :]) / total[:, None])
        joint.append(log_class_weights[c] + top + torch.log(total))
    joint = torch.stack(joint, dim=1)
    posterior = torch.softmax(joint, dim=1)
    marginal = sum(posterior[:, c, None] * class_scores[c] for c in range(class_count))
    return (1 + w) * class_scores[target] - w * marginal


def heun_step(x, h, hi, lo):
    k1 = hi[2] * x - 0.5 * hi[3] * guided_score(x, hi[0], hi[1])
    y = x - h * k1
    k2 = lo[2] * y - 0.5 * lo[3] * guided_score(y, lo[0], lo[1])
    return x - 0.5 * h * (k1 + k2)


step = torch.compile(heun_step) if mode == "compile" else heun_step


def run(x):
    for k in range(steps):
        x = step(x, widths[k], coefficients[k], coefficients[k + 1])
    return x


x0 = torch.as_tensor(arrays["x"], dtype=dtype, device=device)
name = f"torch {torch.__version__} {mode}"
with torch.no_grad():
    if mode == "compile":
        progress(f"{name}: compiling one Heun step for {x0.shape[0]} particles")
        step(x0.clone(), widths[0], coefficients[0], coefficients[1])
    torch.cuda.synchronize()
    progress(f"{name}: gaussian d = {d}, {x0.shape[0]} particles × {steps} Heun steps")
    start = time.perf_counter()
    x = run(x0)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
out = x[: spec.get("outputParticles", x.shape[0])].double().cpu().numpy()
answer(seconds=seconds, work=float(x.shape[0] * steps), output=out.reshape(-1).tolist(), tool=name)
