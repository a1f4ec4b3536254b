import json

import numpy as np
import pytest

from helpers import results
from tools import notebooks


def test_every_reference_row_is_complete():
    for chapter, rows in results._all_references().items():
        for row in rows:
            assert set(row) == {"key", "quantity", "reported", "source"}, (chapter, row)


def test_every_chapter_of_the_book_has_references():
    for chapter in notebooks.chapters():
        assert results.references(notebooks.slug(chapter))


def test_unknown_chapter_is_a_clear_error():
    with pytest.raises(KeyError, match="No references for chapter 'nope'"):
        results.references("nope")


def test_record_writes_json_under_the_book_root(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    (tmp_path / "chapters").mkdir()
    monkeypatch.chdir(tmp_path / "chapters")
    path = results.record("adaline", "smoke", accuracy=1.0, note="ok")
    assert path == tmp_path / "results" / "smoke" / "adaline.json"
    assert json.loads(path.read_text()) == {"accuracy": 1.0, "note": "ok"}


@pytest.mark.parametrize("value, shown", [
    (28, "28"), (5.0, "5"), (0.8843, "0.884"), (1.0, "1"), (0.0, "0.000"),
    (51.734, "51.7"), (float("nan"), "diverged"), (np.int64(7), "7"), (np.float32(0.5), "0.500"), ("both diverge", "both diverge"), (None, "—"),
])
def test_format_number(value, shown):
    assert results.format_number(value) == shown


def test_vs_reported_puts_ours_beside_every_reported_row():
    table = results.vs_reported("madaline", {"accuracy_3": 0.9, "accuracy_5": 0.95})
    assert list(table.columns) == ["quantity", "this book", "reported", "source"]
    assert len(table) == 6  # two reports x three sizes
    assert table["this book"].tolist() == ["0.900", "0.950", "—"] * 2


def test_vs_reported_rejects_unknown_keys():
    with pytest.raises(KeyError, match="accuracy_4"):
        results.vs_reported("madaline", {"accuracy_4": 0.9})


def test_mean_sd_uses_the_sample_standard_deviation():
    assert results.mean_sd([167, 156, 160]) == "161 ± 6"
    assert results.mean_sd([0.9844, 0.9850, 0.9838], 4) == "0.9844 ± 0.0006"
    assert results.mean_sd([114]) == "114"
    with pytest.raises(ValueError):
        results.mean_sd([])
