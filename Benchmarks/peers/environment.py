"""Reports the peers' environment in one line: python, NumPy, SciPy, Numba and JAX (or that they
are missing) and, when threadpoolctl is installed, the BLAS library, its kernel and thread count."""
import platform

from peer_common import answer, require

numpy, scipy = require("numpy", "scipy")
summary = f"python {platform.python_version()}, numpy {numpy.__version__}, scipy {scipy.__version__}"
for name in ("numba", "jax"):
    try:
        summary += f", {name} {__import__(name).__version__}"
    except ImportError:
        summary += f", no {name}"
try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None
if threadpoolctl is not None:
    with threadpoolctl.threadpool_limits(limits=None):
        pools = threadpoolctl.threadpool_info()
    summary += "; " + ", ".join(
        f"{pool.get('internal_api')} kernel {pool.get('architecture', '?')}, {pool.get('num_threads')} threads" for pool in pools)
answer(summary=summary)
