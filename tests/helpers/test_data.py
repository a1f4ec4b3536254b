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
