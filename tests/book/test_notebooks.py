"""Every chapter is a synced Jupytext pair whose stored outputs come from its current code.

These checks read files only; executing the chapters is nbval's job (smoke profile) and
``tools/execute.py``'s (full profile, the committed outputs).
"""

import re

import jupytext
import nbformat
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
    assert meta["code_sha256"] == notebooks.code_hash(executed), (
        f"{chapter.name}: stored outputs were produced by other code; re-execute it"
    )


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
