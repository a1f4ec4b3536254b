"""Record a chapter's numbers, put them into its text, check its claims, compare with reports.

- :func:`glue` hands a number of this run to the chapter's prose (MyST-NB's
  ``{glue:text}`name``` role), so no sentence depends on one machine's numbers;
- :func:`check` tests a claim the prose makes, with a tolerance; it stops a CI or papermill
  run when the claim fails and only prints a notice in an interactive session;
- :func:`record` saves the key numbers to ``results/<profile>/<chapter>.json``;
- :func:`vs_reported` builds the closing table "this book vs reported" from
  ``helpers/references.yaml``, where every reported number names its document and where in
  it the number stands.
"""

from __future__ import annotations

import json
import math
import numbers
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from helpers import runtime

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


# The one label of each original document (as in the shared seeds' README); a reference that
# comes from a paper names it as "paper: Authors Year".
DOCUMENTS = ("HW1 report A", "HW1 report B", "HW2 report", "KD brief", "TL report")


def is_document_label(label: str) -> bool:
    """True for one of :data:`DOCUMENTS` or ``"paper: <authors year>"``."""
    return label in DOCUMENTS or (label.startswith("paper: ") and len(label) > len("paper: "))


def references(chapter: str) -> list[dict]:
    """The reported numbers of one chapter: a list of ``{key, quantity, reported, document, where}``."""
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


def record(chapter: str, profile: str, seed: int = 0, **numbers) -> Path:
    """Save a chapter's numbers to ``results/<profile>/<chapter>.json`` and return the path.

    Keys must be keys of the chapter's references or new, descriptive names; values must be
    JSON-serialisable (numbers, strings such as ``"diverged"``, lists). A run with another
    ``seed`` than 0 writes to ``results/<profile>-seed<seed>/`` instead, so it never
    overwrites the published numbers.
    """
    folder = profile if int(seed) == 0 else f"{profile}-seed{int(seed)}"
    path = book_root() / "results" / folder / f"{chapter}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(numbers, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


class ClaimError(AssertionError):
    """A statement of the chapter's text did not hold for this run's results."""


def check(claim: str, holds, detail: str = "") -> bool:
    """Check a claim the chapter's text makes about this run; return whether it held.

    ``claim`` is the statement in words (it names the failure), ``holds`` the test, written
    with a tolerance that holds across seeds and hardware, ``detail`` the numbers behind it.
    When the claim fails, a strict run (``tools/execute.py``, the tests, CI: see
    :func:`helpers.runtime.strict`) stops with :class:`ClaimError`; an interactive session
    (Colab) prints a visible notice and goes on, since only the text is then in doubt.
    """
    if bool(holds):
        return True
    message = f"Claim not confirmed by this run: {claim}" + (f" [{detail}]" if detail else "")
    if runtime.strict():
        raise ClaimError(message)
    print(f"⚠ {message}\n  The text of this chapter was written for runs where it holds; "
          "read the numbers above rather than the sentence.")
    return False


GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value):
    """Hand ``value`` to the chapter's prose as ``{glue:text}`name``` and return it.

    This writes the same hidden output as ``myst_nb.glue(name, value, display=False)``, without
    needing MyST-NB installed (Colab has no MyST-NB; there the output is simply not shown).
    NumPy scalars are stored as Python numbers, so a format such as ``{glue:text}`name:.3f```
    works on them; strings are pasted as they are.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    bundle, _ = format_display_data(value)
    display({GLUE_PREFIX + mime: data for mime, data in bundle.items()}, raw=True,
            metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}})
    return value


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
    """The table "this book vs reported": one row per reported number, ours beside it, with the
    document it comes from and where it stands there.

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
            "document": row["document"],
            "where in it": row["where"],
        }
        for row in rows
    )
