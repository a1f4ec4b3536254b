"""Execution profile, seeds, device and a run clock.

Every chapter has a papermill ``parameters`` cell holding ``profile = "full"``. The
environment variable ``NNDL_PROFILE`` overrides it, which is how the test suite forces
every notebook into the fast ``smoke`` profile without editing it.
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
