"""Every chapter is a synced Jupytext pair whose stored outputs come from its current code.

These checks read files only; executing the chapters is nbval's job (smoke profile) and
``tools/execute.py``'s (full profile, the committed outputs).
"""

import re

import jupytext
import nbformat
from papermill.translators import PythonTranslator
import pytest
import yaml

from tools import notebooks

CHAPTERS = notebooks.chapters()
IDS = [notebooks.slug(c) for c in CHAPTERS]
CONFIG = yaml.safe_load((notebooks.ROOT / "_config.yml").read_text(encoding="utf-8"))


def cells(notebook):
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells]


@pytest.fixture(params=CHAPTERS, ids=IDS)
def chapter(request):
    return request.param


def test_toc_lists_chapters():
    assert len(CHAPTERS) >= 3


def test_pair_exists_and_is_in_sync(chapter):
    source = chapter.with_suffix(".md")
    assert source.exists() and chapter.exists(), f"{chapter.name} needs both .md and .ipynb"
    text, executed = jupytext.read(source), nbformat.read(chapter, as_version=4)
    assert cells(text) == cells(executed), (
        f"{chapter.name} differs from {source.name}: re-run `python tools/execute.py "
        f"{notebooks.slug(chapter)}` after editing the .md"
    )
    assert executed.metadata["jupytext"]["formats"] == "ipynb,md:myst"


def test_outputs_come_from_a_full_run_of_the_current_code(chapter):
    executed = nbformat.read(chapter, as_version=4)
    meta = executed.metadata.get(notebooks.METADATA_KEY)
    assert meta, f"{chapter.name} was not executed by tools/execute.py"
    assert meta["profile"] == "full", f"{chapter.name} holds {meta['profile']} outputs"
    assert meta.get("seed", 0) == 0, f"{chapter.name} holds the outputs of seed {meta['seed']}"
    stale = notebooks.staleness(executed)
    assert not stale, (f"{chapter.name}: {'; '.join(stale)}; re-execute it "
                       f"(python tools/execute.py {notebooks.slug(chapter)})")


def test_provenance_is_recorded(chapter):
    meta = nbformat.read(chapter, as_version=4).metadata[notebooks.METADATA_KEY]
    assert meta["device"] and meta["executed_on"] and meta["wall_time_s"] > 0
    for library in ("python", "torch", "tensorflow", "keras", "numpy", "scikit-learn"):
        assert meta["versions"].get(library), f"{chapter.name}: no version of {library} recorded"


def test_staleness_names_what_changed():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from helpers import results")])
    notebook.metadata[notebooks.METADATA_KEY] = {"code_sha256": notebooks.code_hash(notebook),
                                                 "helpers_sha256": notebooks.helpers_hash(notebook)}
    assert notebooks.staleness(notebook) == []
    notebook.cells[0].source += "\nx = 2"
    notebook.metadata[notebooks.METADATA_KEY]["helpers_sha256"] = "old"
    assert notebooks.staleness(notebook) == ["its code changed since it was executed",
                                             "the helpers it uses changed since it was executed"]


def _helpers_package(folder):
    (folder / "__init__.py").write_text("")
    (folder / "runtime.py").write_text("STRICT = 1\n")
    (folder / "results.py").write_text("from helpers import runtime\n")
    (folder / "plotting.py").write_text("import numpy\n")
    (folder / "references.yaml").write_text("ch-a: [{key: x, reported: 1}]\nch-b: [{key: y, reported: 2}]\n")


def test_helpers_dependencies_follow_imports_and_own_references(tmp_path, monkeypatch):
    _helpers_package(tmp_path)
    monkeypatch.setattr(notebooks, "HELPERS", tmp_path)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "%matplotlib inline\nfrom helpers import results\nresults.vs_reported('ch-a', {})")])
    assert notebooks.helpers_dependencies(notebook) == [
        "helpers/__init__.py", "helpers/references.yaml#ch-a", "helpers/results.py", "helpers/runtime.py"]


def test_other_helpers_data_files_count_for_every_chapter(tmp_path, monkeypatch):
    _helpers_package(tmp_path)
    monkeypatch.setattr(notebooks, "HELPERS", tmp_path)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from helpers import plotting")])
    before = notebooks.helpers_hash(notebook)
    (tmp_path / "palette.json").write_text("[1]\n")
    assert "helpers/palette.json" in notebooks.helpers_dependencies(notebook)
    assert notebooks.helpers_hash(notebook) != before


def test_helpers_hash_changes_only_with_what_the_chapter_uses(tmp_path, monkeypatch):
    _helpers_package(tmp_path)
    monkeypatch.setattr(notebooks, "HELPERS", tmp_path)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import helpers.results as results\nresults.references('ch-a')")])
    before = notebooks.helpers_hash(notebook)
    (tmp_path / "plotting.py").write_text("import numpy as np\n")  # not imported by the chapter
    (tmp_path / "references.yaml").write_text("ch-a: [{key: x, reported: 1}]\nch-b: [{key: y, reported: 3}]\n")
    assert notebooks.helpers_hash(notebook) == before
    (tmp_path / "runtime.py").write_text("STRICT = 0\n")  # imported through results
    assert notebooks.helpers_hash(notebook) != before
    before = notebooks.helpers_hash(notebook)
    (tmp_path / "references.yaml").write_text("ch-a: [{key: x, reported: 9}]\nch-b: [{key: y, reported: 3}]\n")
    assert notebooks.helpers_hash(notebook) != before


def test_every_code_cell_ran_without_error(chapter):
    executed = nbformat.read(chapter, as_version=4)
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None, cell.source[:80]
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source[:80]


def test_every_figure_was_stored(chapter):
    """A cell that shows a figure holds it as an image (MPLBACKEND=Agg in the kernel loses them)."""
    executed = nbformat.read(chapter, as_version=4)
    for cell in executed.cells:
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert images, f"no figure stored for: {cell.source[:80]}"


def test_chapter_anatomy(chapter):
    code = [c for c in nbformat.read(chapter, as_version=4).cells if c.cell_type == "code"]
    repo, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    assert "google.colab" in code[0].source
    assert f"git+{repo}@{branch}" in code[0].source, "Colab cell must install from _config.yml's repository"
    assert code[1].metadata.get("tags") == ["parameters"]
    if notebooks.slug(chapter) in STANDARD:
        assert re.fullmatch(r'profile = "full"\s*(#.*)?\nseed = 0\s*(#.*)?', code[1].source.strip())
        # papermill must be able to read both (an "=" in a comment, for one, defeats its parser)
        found = {p.name for p in PythonTranslator.inspect({"source": code[1].source})}
        assert found == {"profile", "seed"}, f"papermill reads only {found} from the parameters cell"
    else:
        assert re.fullmatch(r'profile = "full"\s*(#.*)?', code[1].source.strip())
    assert any("results.vs_reported(" in c.source for c in code), "needs its vs-reported table"


def test_persian_and_english_narrative(chapter):
    text = chapter.with_suffix(".md").read_text(encoding="utf-8")
    assert text.count('<div dir="rtl" lang="fa">') >= 5
    assert text.count('<div dir="rtl" lang="fa">') == text.count("</div>")
    # Persian orthography: Persian yeh and keheh, never the Arabic letters
    assert "\u064a" not in text and "\u0643" not in text, "use ی (U+06CC) and ک (U+06A9)"
    assert "TODO" not in text


def test_code_hash_ignores_outer_whitespace_and_injected_parameters():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    same = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1\n\n")])
    injected = nbformat.v4.new_code_cell('profile = "smoke"', metadata={"tags": ["injected-parameters"]})
    same.cells.insert(0, injected)
    changed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 2")])
    assert notebooks.code_hash(notebook) == notebooks.code_hash(same)
    assert notebooks.code_hash(notebook) != notebooks.code_hash(changed)


# ---------------------------------------------------------------------------------------------
# The chapter standard (CONTRIBUTING.md). Chapters join this set when they meet it.
STANDARD = {"mcculloch-pitts", "adaline", "madaline", "overfitting-dropout", "knn-regularization",
            "distillation-theory", "sgd-momentum", "fashion-mlp", "transfer-learning", "overfitting-remedies",
            "mlp-distillation", "hinton-distillation", "dac-autoencoder"}
STANDARD_CHAPTERS = [c for c in CHAPTERS if notebooks.slug(c) in STANDARD]
HIDDEN = {"remove-cell", "remove-input"}
GLUE_ROLE = re.compile(r"\{glue:(?:text|any)\}`([^`:]+)(?::[^`]*)?`")


@pytest.fixture(params=STANDARD_CHAPTERS, ids=[notebooks.slug(c) for c in STANDARD_CHAPTERS])
def standard_chapter(request):
    return nbformat.read(request.param, as_version=4)


def tags(cell):
    return set(cell.metadata.get("tags", []))


def test_checks_and_markers_stay_out_of_the_readers_view(standard_chapter):
    for cell in standard_chapter.cells:
        if cell.cell_type != "code":
            continue
        assert "NBVAL_" not in cell.source, "use the nbval-check-output tag, not a comment"
        if tags(cell) & HIDDEN:
            continue
        lines = cell.source.splitlines()
        assert not [line for line in lines if line.strip().startswith("assert ")], (
            f"visible assert (move it to a hidden results.check cell): {cell.source[:80]}")
        assert "results.check(" not in cell.source, f"visible claim check: {cell.source[:80]}"
        assert "results.glue(" not in cell.source, f"visible glue: {cell.source[:80]}"


def test_every_glued_number_in_the_text_comes_from_the_run(standard_chapter):
    glued = {output.metadata["scrapbook"]["name"]
             for cell in standard_chapter.cells if cell.cell_type == "code"
             for output in cell.get("outputs", []) if "scrapbook" in output.get("metadata", {})}
    used = {key for cell in standard_chapter.cells if cell.cell_type == "markdown"
            for key in GLUE_ROLE.findall(cell.source)}
    assert used, "the prose glues no number from the run"
    assert used <= glued, f"glue keys used in the text but never glued: {sorted(used - glued)}"


def test_reader_page_ends_with_exercises_and_references(standard_chapter):
    headings = [line for cell in standard_chapter.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("## ")]
    assert any(h.startswith("## Exercises") for h in headings)
    assert any(h.startswith("## References") for h in headings)
    text = "\n".join(cell.source for cell in standard_chapter.cells if cell.cell_type == "markdown")
    assert "{cite}`" in text or "{cite:p}`" in text or "{cite:t}`" in text, "cite the book's bibliography"


def test_every_figure_has_alt_text(standard_chapter):
    for cell in standard_chapter.cells:
        if cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.outputs):
            image = cell.metadata.get("mystnb", {}).get("image", {})
            assert image.get("alt"), f"figure without alt text (mystnb.image.alt): {cell.source[:80]}"
