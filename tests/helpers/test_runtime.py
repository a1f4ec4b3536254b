import time

import numpy as np
import pytest
import torch

from helpers import runtime


def test_profile_defaults_to_parameter(monkeypatch):
    monkeypatch.delenv(runtime.PROFILE_ENV, raising=False)
    assert runtime.resolve_profile("full") == "full"
    assert runtime.resolve_profile("smoke") == "smoke"


def test_environment_overrides_parameter(monkeypatch):
    monkeypatch.setenv(runtime.PROFILE_ENV, "smoke")
    assert runtime.resolve_profile("full") == "smoke"


@pytest.mark.parametrize("source", ["parameter", "environment"])
def test_unknown_profile_is_a_clear_error(monkeypatch, source):
    monkeypatch.delenv(runtime.PROFILE_ENV, raising=False)
    if source == "environment":
        monkeypatch.setenv(runtime.PROFILE_ENV, "smok")
    with pytest.raises(ValueError, match=r"Unknown profile 'smok'.*full, smoke"):
        runtime.resolve_profile("smok")


def test_set_seed_makes_numpy_and_torch_repeatable():
    runtime.set_seed(3)
    first = (np.random.rand(3), torch.rand(3))
    runtime.set_seed(3)
    second = (np.random.rand(3), torch.rand(3))
    assert np.array_equal(first[0], second[0])
    assert torch.equal(first[1], second[1])


def test_device_is_cuda_only_when_available():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert runtime.get_device().type == expected


def test_not_in_colab_here():
    assert runtime.in_colab() is False


def test_describe_names_profile_and_settings():
    line = runtime.describe("smoke", epochs=3)
    assert line.startswith("profile=smoke | epochs=3 |")


def test_clock_measures_elapsed_time():
    clock = runtime.Clock()
    time.sleep(0.01)
    assert clock.elapsed() >= 0.01
    assert str(clock).endswith(" s")


def test_get_device_flushes_denormals_on_the_cpu():
    import torch

    if runtime.get_device().type != "cpu":
        pytest.skip("denormals are flushed on the CPU only")
    try:
        assert torch.tensor([1e-320], dtype=torch.float64).item() == 0.0
    finally:
        torch.set_flush_denormal(False)


@pytest.mark.parametrize("strict_env, ci, expected", [
    ("1", None, True), ("0", "true", False), (None, "true", True), (None, None, False), ("", None, False),
])
def test_strict_under_execute_tests_and_ci_only(monkeypatch, strict_env, ci, expected):
    for name, value in (("NNDL_STRICT", strict_env), ("CI", ci)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert runtime.strict() is expected
