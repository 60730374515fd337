"""Shared helpers of the GuidanceLab peers: read the input that `guidance bench --peers` writes,
answer with one JSON object on stdout, and turn a missing module into an answer instead of a
traceback."""
import json
import sys


def load_input():
    """The JSON object in the file named by the first argument, with the fields of
    `model(input["spec"])` added when it holds a spec."""
    with open(sys.argv[1], encoding="utf-8") as handle:
        fields = json.load(handle)
    if "spec" in fields:
        fields.update(model(fields["spec"]))
    return fields


def model(spec):
    """The flat model the peers compute with, from a GuidanceLab mixture spec (the JSON of
    `MixtureSpec.json()`, README "Spec format"), weights normalised as `Mixture` does:
    `classWeights[c] = w_c / Σ w`, each component's `weight` = its weight / its class's total.

    - Gaussian components (every one isotropic, `cov = σ² I`): `kind` "gaussian", `dimension`,
      and per component `class`, `weight`, `mean`, `variance` (σ²);
    - uniform boxes: `kind` "box", `dimension`, per component `class`, `weight`, `lower`, `upper`;
    - one beta component: `kind` "beta", `lower`, `upper` (numbers), `alpha`, `beta`.
    """
    classes = spec["classes"]
    total = sum(c["weight"] for c in classes)
    kinds = {k["kind"] for c in classes for k in c["components"]}
    if kinds == {"beta"}:
        (component,) = [k for c in classes for k in c["components"]]
        return {"kind": "beta", "lower": component["lower"][0], "upper": component["upper"][0],
                "alpha": component["alpha"], "beta": component["beta"]}
    if kinds not in ({"gaussian"}, {"uniform"}):
        raise ValueError(f"the peers take all-Gaussian or all-box mixtures, not {sorted(kinds)}")
    components = []
    for index, cls in enumerate(classes):
        class_total = sum(k["weight"] for k in cls["components"])
        for k in cls["components"]:
            entry = {"class": index, "weight": k["weight"] / class_total}
            if k["kind"] == "gaussian":
                cov, d = k["cov"], len(k["mean"])
                if any(cov[i][j] != (cov[0][0] if i == j else 0) for i in range(d) for j in range(d)):
                    raise ValueError("the peers take isotropic Gaussians only")
                entry.update(mean=k["mean"], variance=cov[0][0])
            elif k["kind"] == "uniform":
                entry.update(lower=k["lower"], upper=k["upper"])
            components.append(entry)
    dimension = len(components[0].get("mean") or components[0]["lower"])
    return {"kind": "gaussian" if kinds == {"gaussian"} else "box", "dimension": dimension,
            "classWeights": [c["weight"] / total for c in classes], "components": components}


def sampler_arrays(np, spec):
    """The sampler peers' inputs as NumPy float64 arrays: `x` (particles × d: the Swift run's
    first start points, then, where `particles` exceeds them, draws of the start law), the visited `times` and the schedule's `m, s, f, g²` at each, the
    components' class indices and log weights, the classes' log weights, and, for Gaussian
    models, the `means` (K × d) and `variances` (K)."""
    d, n = spec["dimension"], spec["particles"]
    components = spec["components"]
    given = np.fromfile(spec["start"], dtype="<f8").reshape(-1, d)
    x = np.empty((n, d))
    x[: len(given)] = given[:n]
    if n > len(given):
        # More particles than start points given (the GPU workloads' 10^7): the rest are draws of
        # the same start law, N(0, startSd² I); only the given ones are compared.
        x[len(given):] = spec["startSd"] * np.random.default_rng(spec.get("seed", 0)).standard_normal((n - len(given), d))
    arrays = {
        "x": x,
        "classes": np.array([c["class"] for c in components], dtype=np.int64),
        "log_weights": np.log(np.array([c["weight"] for c in components], dtype=np.float64)),
        "log_class_weights": np.log(np.array(spec["classWeights"], dtype=np.float64)),
    }
    for key in ("times", "m", "s", "f", "g2"):
        arrays[key] = np.array(spec[key], dtype=np.float64)
    if spec["kind"] == "gaussian":
        arrays["means"] = np.array([c["mean"] for c in components], dtype=np.float64)
        arrays["variances"] = np.array([c["variance"] for c in components], dtype=np.float64)
    return arrays


def answer(**fields):
    """Prints the answer (`seconds`, `work`, `output`, ... or `error`) and exits."""
    json.dump(fields, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(0 if "error" not in fields else 2)


def require(*modules):
    """Imports `modules` or answers with an error naming the pip command that installs them."""
    loaded = []
    for name in modules:
        try:
            loaded.append(__import__(name))
        except ImportError:
            answer(error=f"python module '{name}' is not installed (pip install {name})")
    return loaded


def progress(line):
    sys.stderr.write(f"peer: {line}\n")
    sys.stderr.flush()


def log_mass_and_mean(np, log_ndtr, lo, hi):
    """`log(Φ(hi) - Φ(lo))` and `E[u]` of the standard normal restricted to `[lo, hi]`, elementwise.

    The interval is reflected so that it lies mostly left of 0, where `log Φ` is accurate; then
    `log(Φ(b) - Φ(a)) = log Φ(b) + log(1 - exp(log Φ(a) - log Φ(b)))` and
    `E[u] = (φ(lo) - φ(hi)) / (Φ(hi) - Φ(lo))`.
    """
    flip = lo + hi > 0
    a = np.where(flip, -hi, lo)
    b = np.where(flip, -lo, hi)
    la, lb = log_ndtr(a), log_ndtr(b)
    log_mass = lb + np.log(-np.expm1(la - lb))
    log_sqrt_2pi = 0.5 * np.log(2 * np.pi)
    mean = np.exp(-0.5 * lo * lo - log_sqrt_2pi - log_mass) - np.exp(-0.5 * hi * hi - log_sqrt_2pi - log_mass)
    return log_mass, mean
