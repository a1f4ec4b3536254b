"""Record a chapter's key numbers and compare them with the reported ones.

The reported numbers of every question live in one file, ``helpers/references.yaml``,
each with its source. A chapter computes its own numbers, calls :func:`record` to save
them to ``results/<profile>/<chapter>.json`` (machine-readable, used by tests and the
execution report), and shows :func:`vs_reported` as its closing table.
"""

from __future__ import annotations

import json
import math
import numbers
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

REFERENCES_FILE = Path(__file__).with_name("references.yaml")
MISSING = "—"


def mean_sd(values, digits: int = 0) -> str:
    """``"mean ± sd"`` of per-seed numbers (sample standard deviation), or the number alone for one seed.

    ``mean_sd([167, 156, 160])`` is ``"161 ± 6"``; ``digits`` sets the decimals of both.
    """
    values = [float(v) for v in values]
    if not values:
        raise ValueError("mean_sd needs at least one value")
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    return f"{mean:.{digits}f} ± {sd:.{digits}f}"


@lru_cache(maxsize=1)
def _all_references() -> dict:
    with open(REFERENCES_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def references(chapter: str) -> list[dict]:
    """The reported numbers of one chapter: a list of ``{key, quantity, reported, source}``."""
    table = _all_references()
    if chapter not in table:
        raise KeyError(f"No references for chapter {chapter!r}; known: {sorted(table)}.")
    return table[chapter]


def book_root(start: Path | None = None) -> Path:
    """The book's root folder (the one holding ``_toc.yml``), or the working folder if none."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "_toc.yml").is_file():
            return folder
    return here


def record(chapter: str, profile: str, **numbers) -> Path:
    """Save a chapter's numbers to ``results/<profile>/<chapter>.json`` and return the path.

    Keys must be keys of the chapter's references or new, descriptive names; values must be
    JSON-serialisable (numbers, strings such as ``"diverged"``, lists).
    """
    path = book_root() / "results" / profile / f"{chapter}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(numbers, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def format_number(value) -> str:
    """Show integers as integers, fractions in [0, 1] with 3 decimals, others with 3 significant digits.

    NumPy scalars are treated like Python numbers; NaN or infinity reads "diverged".
    """
    if value is None:
        return MISSING
    if isinstance(value, (bool, str)):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    value = float(value)
    if not math.isfinite(value):
        return "diverged"
    if value.is_integer() and abs(value) >= 1:
        return str(int(value))
    if abs(value) <= 1:
        return f"{value:.3f}"
    return f"{value:.3g}"


def vs_reported(chapter: str, ours: dict) -> pd.DataFrame:
    """The table "this book vs reported": one row per reported number, ours beside it.

    ``ours`` maps reference keys to this book's values; a reference with no value in
    ``ours`` shows "—". A key in ``ours`` that no reference has is an error (a typo would
    otherwise silently drop a row).
    """
    rows = references(chapter)
    unknown = set(ours) - {row["key"] for row in rows}
    if unknown:
        raise KeyError(f"Keys not in the references of {chapter!r}: {sorted(unknown)}.")
    return pd.DataFrame(
        {
            "quantity": row["quantity"],
            "this book": format_number(ours.get(row["key"])),
            "reported": format_number(row["reported"]),
            "source": row["source"],
        }
        for row in rows
    )
