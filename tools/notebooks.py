"""What the book knows about its chapter notebooks: where they are, and their source hash.

A chapter is a pair ``chapters/<part>/<slug>.md`` (MyST text, the file you edit) and
``<slug>.ipynb`` (the same cells plus the outputs of the published full-profile run).
``tools/execute.py`` stores :func:`code_hash` of the cells it executed and
:func:`helpers_hash` of the parts of ``helpers`` the chapter uses (its imported modules and its own
reported numbers, :func:`helpers_dependencies`) in the notebook's metadata; the tests recompute
both to catch outputs that came from other code.
"""

from __future__ import annotations

import ast
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


def _parse(source: str):
    """Python's syntax tree of a code cell, with IPython's magics and shell lines read as ``pass``."""
    lines = [line[: len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    return ast.parse("\n".join(lines))


def _imported_helpers(source: str) -> set[str]:
    """Names of ``helpers`` modules that Python ``source`` imports (``"__init__"`` for the package)."""
    found = set()
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] != "helpers":
                continue
            found.add("__init__")
            if len(parts) > 1 and (HELPERS / f"{parts[1]}.py").exists():
                found.add(parts[1])
    return found


def _references_table() -> dict:
    """``helpers/references.yaml``: chapter → its reported numbers."""
    return yaml.safe_load((HELPERS / "references.yaml").read_text(encoding="utf-8")) or {}


def helpers_dependencies(notebook) -> list[str]:
    """What of ``helpers/`` a chapter's outputs depend on, as sorted labels.

    The ``helpers`` modules its code imports, directly or through other helpers modules
    (``"helpers/<module>.py"``), and, when it imports :mod:`helpers.results`, the sections of
    ``helpers/references.yaml`` named by a string in its code (``"helpers/references.yaml#<chapter>"``):
    a chapter reads only its own reported numbers. Any other data file under ``helpers/``
    counts for every chapter, since no import names it. Changing anything else under
    ``helpers/`` cannot change the chapter's outputs, so it does not make them stale.
    """
    cells = code_cells(notebook)
    modules, todo = set(), set().union(*map(_imported_helpers, cells))
    while todo:
        module = todo.pop()
        if module in modules:
            continue
        modules.add(module)
        todo |= _imported_helpers((HELPERS / f"{module}.py").read_text(encoding="utf-8"))
    labels = [f"helpers/{module}.py" for module in modules]
    if "results" in modules:
        table = _references_table()
        strings = {node.value for cell in cells for node in ast.walk(_parse(cell))
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        labels += [f"helpers/references.yaml#{chapter}" for chapter in table if chapter in strings]
    labels += [f"helpers/{path.relative_to(HELPERS).as_posix()}" for path in HELPERS.rglob("*")
               if path.is_file() and path.suffix not in {".py", ".pyc"} and path.name != "references.yaml"
               and "__pycache__" not in path.parts]
    return sorted(labels)


def helpers_hash(notebook) -> str:
    """SHA-256 of what :func:`helpers_dependencies` lists for ``notebook``, part by part."""
    digest = hashlib.sha256()
    labels = helpers_dependencies(notebook)
    table = _references_table() if any("#" in label for label in labels) else {}
    for label in labels:
        digest.update(label.encode("utf-8") + b"\n\x00\n")
        if "#" in label:
            part = yaml.safe_dump(table[label.split("#", 1)[1]], allow_unicode=True, sort_keys=True)
            digest.update(part.encode("utf-8") + b"\n\x00\n")
        else:
            digest.update((HELPERS / label.removeprefix("helpers/")).read_bytes() + b"\n\x00\n")
    return digest.hexdigest()


def staleness(executed) -> list[str]:
    """Why an executed notebook's outputs no longer come from its current code and helpers ([] if they do)."""
    meta = executed.metadata.get(METADATA_KEY, {})
    reasons = []
    if meta.get("code_sha256") != code_hash(executed):
        reasons.append("its code changed since it was executed")
    if meta.get("helpers_sha256") != helpers_hash(executed):
        reasons.append("the helpers it uses changed since it was executed")
    return reasons
