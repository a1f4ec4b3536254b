"""Execution profile, seeds, strictness, device and a run clock.

Every chapter has a papermill ``parameters`` cell holding ``profile = "full"`` and
``seed = 0``. The environment variable ``NNDL_PROFILE`` overrides the profile, which is how
the test suite forces every notebook into the fast ``smoke`` profile without editing it; every
random choice of a chapter derives from ``seed``, so ``seed = 1`` is a second, independent run.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time

import numpy as np

PROFILES = ("full", "smoke")
PROFILE_ENV = "NNDL_PROFILE"
STRICT_ENV = "NNDL_STRICT"


def resolve_profile(profile: str = "full") -> str:
    """Return the profile to run: ``$NNDL_PROFILE`` if set, else ``profile``.

    Raises ``ValueError`` with the allowed names for anything else, so a typo such as
    ``"smok"`` stops the notebook in its first cells instead of silently running "full".
    """
    chosen = os.environ.get(PROFILE_ENV) or profile
    if chosen not in PROFILES:
        source = f"${PROFILE_ENV}" if os.environ.get(PROFILE_ENV) else "the 'profile' parameter"
        raise ValueError(
            f"Unknown profile {chosen!r} (from {source}); choose one of: {', '.join(PROFILES)}."
        )
    return chosen


def strict() -> bool:
    """True when a failed claim must stop the run: under ``tools/execute.py`` (papermill), the
    test suite (nbval) or CI.

    ``$NNDL_STRICT`` decides when it is set (``1`` strict, ``0`` not); otherwise a run is strict
    when ``$CI`` is set, as it is on every CI service. An interactive session (Colab, a local
    Jupyter) is not strict: a failed claim there prints a notice and the notebook goes on.
    """
    chosen = os.environ.get(STRICT_ENV)
    if chosen is not None and chosen.strip() != "":
        return chosen.strip().lower() not in ("0", "false", "no")
    return bool(os.environ.get("CI"))


def set_seed(seed: int = 0) -> None:
    """Seed Python, NumPy and (if installed) PyTorch, and ask PyTorch for deterministic kernels."""
    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules or _torch_available():
        import torch

        torch.manual_seed(seed)
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False


def _torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def get_device():
    """The device to train on: CUDA when a GPU is visible, else the CPU.

    On the CPU it also flushes denormal floats (nonzero numbers below about 1e-38) to zero.
    CPUs handle them very slowly: when many values get that small, e.g. Adam's running
    averages of squared gradients that are almost zero, an epoch can take ten times longer.
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    torch.set_flush_denormal(True)
    return torch.device("cpu")


def in_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def describe(profile: str, **settings) -> str:
    """One line that says what produced the outputs below: profile, settings, machine."""
    parts = [f"profile={profile}"] + [f"{key}={value}" for key, value in settings.items()]
    parts.append(f"python={platform.python_version()}")
    parts.append(f"cpu_count={os.cpu_count()}")
    return " | ".join(parts)


class Clock:
    """Wall-clock timer started when created; ``str(clock)`` reads like ``"12.3 s"``."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def elapsed(self) -> float:
        """Seconds since the clock was created."""
        return time.perf_counter() - self.start

    def __str__(self) -> str:
        seconds = self.elapsed()
        return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"
