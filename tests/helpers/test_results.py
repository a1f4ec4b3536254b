import json

import numpy as np
import pytest

from helpers import results
from tools import notebooks


def test_every_reference_row_is_complete():
    for chapter, rows in results._all_references().items():
        for row in rows:
            assert set(row) == {"key", "quantity", "reported", "document", "where"}, (chapter, row)
            assert str(row["where"]).strip(), (chapter, row)


def test_every_reference_names_its_document_by_its_label():
    """The labels of ../shared/seeds/README.md, the same in every chapter, or a paper."""
    for chapter, rows in results._all_references().items():
        for row in rows:
            assert results.is_document_label(row["document"]), (chapter, row["key"], row["document"])


def test_document_labels():
    assert results.is_document_label("HW1 report A") and results.is_document_label("paper: Hinton et al. 2015")
    assert not results.is_document_label("report A") and not results.is_document_label("paper: ")


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
    assert list(table.columns) == ["quantity", "this book", "reported", "document", "where in it"]
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


def test_record_with_another_seed_never_overwrites_the_published_numbers(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    monkeypatch.chdir(tmp_path)
    assert results.record("adaline", "full", 0, x=1) == tmp_path / "results" / "full" / "adaline.json"
    assert results.record("adaline", "full", 1, x=2) == tmp_path / "results" / "full-seed1" / "adaline.json"
    assert json.loads((tmp_path / "results" / "full" / "adaline.json").read_text()) == {"x": 1}


def test_check_passes_silently(capsys, monkeypatch):
    monkeypatch.setenv("NNDL_STRICT", "1")
    assert results.check("one is positive", 1 > 0) is True
    assert capsys.readouterr().out == ""


def test_failed_check_stops_a_strict_run_naming_the_claim(monkeypatch):
    monkeypatch.setenv("NNDL_STRICT", "1")
    with pytest.raises(results.ClaimError, match=r"two is less than one.*\[2 vs 1\]"):
        results.check("two is less than one", np.float64(2) < 1, "2 vs 1")


def test_failed_check_in_an_interactive_session_prints_a_notice(capsys, monkeypatch):
    monkeypatch.setenv("NNDL_STRICT", "0")
    monkeypatch.setenv("CI", "true")  # NNDL_STRICT=0 wins over CI
    assert results.check("two is less than one", False) is False
    assert "⚠ Claim not confirmed by this run: two is less than one" in capsys.readouterr().out


def test_glue_writes_what_myst_nb_reads(monkeypatch):
    """The hidden output has MyST-NB's glue layout: prefixed MIME type, scrapbook metadata."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *args, **kwargs: shown.append((args, kwargs)))
    assert results.glue("best_accuracy", np.float64(0.75)) == 0.75
    (bundle,), kwargs = shown[0]
    assert bundle == {"application/papermill.record/text/plain": "0.75"}
    assert kwargs["metadata"]["scrapbook"] == {"name": "best_accuracy",
                                               "mime_prefix": "application/papermill.record/"}
    assert kwargs["raw"] is True
