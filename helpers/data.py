"""Where the data sets live, and loaders that return whole data sets as tensors.

Two ways to find data:

1. ``NNDL_DATA`` points at a folder in torchvision's layout (``MNIST/raw/...``,
   ``FashionMNIST/raw/...``, ``cats_vs_dogs/...``). Nothing is downloaded; a missing data
   set is an error that names the folder it looked in.
2. Without ``NNDL_DATA`` (Colab, a laptop with internet) the usual torchvision download
   goes into ``~/.cache/nndl-data``. If that fails (offline), the error says how to point
   ``NNDL_DATA`` at a local copy.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "NNDL_DATA"
DEFAULT_CACHE = Path.home() / ".cache" / "nndl-data"


class DatasetNotFoundError(FileNotFoundError):
    """A data set is neither in ``$NNDL_DATA`` nor downloadable."""


def data_root() -> Path:
    """The data folder: ``$NNDL_DATA`` when set (it must exist), else the download cache."""
    configured = os.environ.get(DATA_ENV)
    if configured:
        root = Path(configured).expanduser()
        if not root.is_dir():
            raise DatasetNotFoundError(
                f"{DATA_ENV}={configured!r} is not a folder. Point {DATA_ENV} at a data root "
                f"in torchvision's layout (e.g. the repository's ../shared/data), or unset it "
                f"to download into {DEFAULT_CACHE}."
            )
        return root
    return DEFAULT_CACHE


def downloads_allowed() -> bool:
    """Downloads happen only when ``NNDL_DATA`` is unset (an offline root is never written to)."""
    return not os.environ.get(DATA_ENV)


def dataset_dir(name: str) -> Path:
    """The folder of one data set under the data root, e.g. ``dataset_dir("cats_vs_dogs")``.

    Raises ``DatasetNotFoundError`` naming the folder when it does not exist.
    """
    folder = data_root() / name
    if not folder.is_dir():
        raise DatasetNotFoundError(
            f"Data set {name!r} not found: looked in {folder}. Set {DATA_ENV} to a data root "
            f"that contains {name}/ (see ../shared/data/README.md)."
        )
    return folder


def load_vision_dataset(name: str, train: bool = True, raw: bool = False):
    """Load MNIST or Fashion-MNIST as tensors ``(images, labels)``.

    ``name`` is ``"MNIST"`` or ``"FashionMNIST"``. Images come back as ``float32`` in
    [0, 1] with shape ``(N, 28, 28)`` (``raw=True``: the stored ``uint8`` values 0-255),
    labels as ``int64`` with shape ``(N,)``: the whole split at once, read straight from
    torchvision's tensors (no per-sample Python work).
    """
    import torch
    from torchvision import datasets

    classes = {"MNIST": datasets.MNIST, "FashionMNIST": datasets.FashionMNIST}
    if name not in classes:
        raise ValueError(f"Unknown data set {name!r}; choose one of {sorted(classes)}.")
    root = data_root()
    try:
        dataset = classes[name](root, train=train, download=downloads_allowed())
    except Exception as error:  # torchvision raises RuntimeError or URLError here
        how = (
            f"{DATA_ENV} is set, so nothing was downloaded"
            if not downloads_allowed()
            else f"the download failed ({type(error).__name__}: {error})"
        )
        raise DatasetNotFoundError(
            f"{name} not found: looked in {root / name / 'raw'} and {how}. Point {DATA_ENV} "
            f"at a data root in torchvision's layout (for example ../shared/data), or run "
            f"with internet access and {DATA_ENV} unset."
        ) from error
    labels = dataset.targets.to(torch.int64)
    if raw:
        return dataset.data.clone(), labels
    images = dataset.data.to(torch.float32) / 255.0
    return images, labels
