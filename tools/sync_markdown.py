"""Copy a chapter's markdown cells from its MyST source into its executed notebook.

    python tools/sync_markdown.py chapters/part2/sgd-momentum.md

For prose-only edits: the code cells, their outputs and the notebook's metadata stay as they
are, so a long chapter need not be re-executed. It refuses when the two cell lists do not line
up one to one or any code cell differs (then the chapter must be re-executed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat


def sync(source: Path) -> int:
    """Copy the markdown of ``source`` (.md) into its paired .ipynb; return the cells changed."""
    text = jupytext.read(source)
    target = source.with_suffix(".ipynb")
    executed = nbformat.read(target, as_version=4)
    if [c.cell_type for c in text.cells] != [c.cell_type for c in executed.cells]:
        raise SystemExit(f"{source}: cells do not line up with {target.name}; re-execute the chapter")
    changed = 0
    for new, old in zip(text.cells, executed.cells):
        if new.cell_type == "code" and new.source.strip() != old.source.strip():
            raise SystemExit(f"{source}: a code cell changed; re-execute the chapter")
        if new.cell_type == "markdown" and new.source != old.source:
            old.source = new.source
            changed += 1
    nbformat.write(executed, target)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {sync(Path(name))} markdown cells copied")
