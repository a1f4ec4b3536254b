"""What the book knows about its chapter notebooks: where they are, and their source hash.

A chapter is a pair ``chapters/<part>/<slug>.md`` (MyST text, the file you edit) and
``<slug>.ipynb`` (the same cells plus the outputs of the published full-profile run).
``tools/execute.py`` stores :func:`code_hash` of the cells it executed and
:func:`helpers_hash` of the ``helpers`` package it imported in the notebook's metadata; the
tests recompute both to catch outputs that came from other code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
METADATA_KEY = "nndl"
HELPERS = ROOT / "helpers"


def chapters() -> list[Path]:
    """The chapter notebooks listed in ``_toc.yml``, in book order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = []

    def walk(entries):
        for entry in entries:
            file = entry.get("file", "")
            if file.startswith("chapters/"):
                found.append(ROOT / file)
            walk(entry.get("chapters", []) + entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return found


def slug(chapter: Path) -> str:
    """The chapter's short name, e.g. ``mcculloch-pitts``."""
    return chapter.stem


def select(names: list[str]) -> list[Path]:
    """Chapters whose slug or path matches each name; all chapters when ``names`` is empty."""
    every = chapters()
    if not names:
        return every
    picked = []
    for name in names:
        matches = [c for c in every if name in (slug(c), str(c.relative_to(ROOT)), c.name)]
        if not matches:
            known = ", ".join(slug(c) for c in every)
            raise SystemExit(f"No chapter called {name!r}. Chapters: {known}.")
        picked += matches
    return picked


def code_cells(notebook) -> list[str]:
    """Sources of the code cells, without the cell papermill injects for parameters."""
    return [
        cell.source.strip()
        for cell in notebook.cells
        if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])
    ]


def code_hash(notebook) -> str:
    """SHA-256 of the notebook's code, cell by cell (whitespace at the ends ignored)."""
    digest = hashlib.sha256()
    for source in code_cells(notebook):
        digest.update(source.encode("utf-8") + b"\n\x00\n")
    return digest.hexdigest()


def helpers_files() -> list[Path]:
    """The source files of the ``helpers`` package (code and data, no caches), sorted."""
    return sorted(path for path in HELPERS.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")


def helpers_hash() -> str:
    """SHA-256 of the ``helpers`` sources, file by file (names relative to ``helpers/``)."""
    digest = hashlib.sha256()
    for path in helpers_files():
        digest.update(path.relative_to(HELPERS).as_posix().encode("utf-8") + b"\n\x00\n")
        digest.update(path.read_bytes() + b"\n\x00\n")
    return digest.hexdigest()


def staleness(executed) -> list[str]:
    """Why an executed notebook's outputs no longer come from its current code and helpers ([] if they do)."""
    meta = executed.metadata.get(METADATA_KEY, {})
    reasons = []
    if meta.get("code_sha256") != code_hash(executed):
        reasons.append("its code changed since it was executed")
    if meta.get("helpers_sha256") != helpers_hash():
        reasons.append("helpers/ changed since it was executed")
    return reasons
