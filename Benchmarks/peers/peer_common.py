"""Shared helpers of the GuidanceLab peers: read the input that `guidance bench --peers` writes,
answer with one JSON object on stdout, and turn a missing module into an answer instead of a
traceback."""
import json
import sys


def load_input():
    """The JSON object in the file named by the first argument."""
    with open(sys.argv[1], encoding="utf-8") as handle:
        return json.load(handle)


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
            answer(error=f"python module '{name}' is not installed (pip install numpy scipy)")
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
