"""tools/sync_markdown.py copies prose into an executed notebook and refuses code changes."""

import jupytext
import nbformat
import pytest

from tools.sync_markdown import sync


def pair(tmp_path, prose="Old text.", code="x = 1"):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(prose),
                                               nbformat.v4.new_code_cell(code)])
    notebook.metadata["jupytext"] = {"formats": "ipynb,md:myst"}
    source = tmp_path / "chapter.md"
    jupytext.write(notebook, source, fmt="md:myst")
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(prose),
                                               nbformat.v4.new_code_cell(code, outputs=[
                                                   nbformat.v4.new_output("stream", text="kept\n")])])
    nbformat.write(executed, tmp_path / "chapter.ipynb")
    return source


def test_prose_is_copied_and_outputs_kept(tmp_path):
    source = pair(tmp_path)
    source.write_text(source.read_text().replace("Old text.", "New text."))
    assert sync(source) == 1
    executed = nbformat.read(tmp_path / "chapter.ipynb", as_version=4)
    assert executed.cells[0].source == "New text."
    assert executed.cells[1].outputs[0].text == "kept\n"


def test_a_code_change_needs_a_re_execution(tmp_path):
    source = pair(tmp_path)
    source.write_text(source.read_text().replace("x = 1", "x = 2"))
    with pytest.raises(SystemExit, match="re-execute"):
        sync(source)
