"""The book's text follows STYLE: Latin digits, and one Persian term per concept.

``glossary.md`` is the single source of the vocabulary: its ``avoid`` column lists, for each
concept, the Persian variants the book does not use.
"""

import re

import pytest

from tools import notebooks

ROOT = notebooks.ROOT
PAGES = sorted(ROOT.glob("chapters/**/*.md")) + [
    ROOT / name
    for name in ("intro.md", "glossary.md", "benchmark.md", "execution-report.md",
                 "CONTRIBUTING.md", "tools/execute.py")  # execute.py holds the report's template
    if (ROOT / name).exists()
]
IDS = [str(page.relative_to(ROOT)) for page in PAGES]
NON_LATIN_DIGIT = re.compile("[\u06f0-\u06f9\u0660-\u0669]")  # Persian and Arabic-Indic digits
PERSIAN_BLOCK = re.compile(r'<div dir="rtl" lang="fa">(.*?)</div>', re.S)


def glossary_rows():
    """(English, فارسی, definition, avoid) for every row of the glossary's table."""
    rows = []
    for line in (ROOT / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] not in ("English", "---"):
            rows.append(cells)
    return rows


def variant_pattern(variant):
    """The variant as a whole word, also with the suffixes ی/ند/ها (نویزی, نویزند, کلاس‌ها).

    ZWNJ and the ezafe mark ٔ are not word characters, so کلاس‌ها and نمایهٔ match too; a
    two-word variant may be split across lines.
    """
    words = re.escape(variant).replace(" ", r"\s+")
    return re.compile(rf"(?<!\w){words}(?:ی|ند|ها)?(?!\w)")


AVOID = [
    (variant_pattern(variant), variant, term)
    for english, term, definition, avoid in glossary_rows()
    for variant in filter(None, (v.strip() for v in avoid.split(",")))
]


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_digits_are_latin(page):
    lines = page.read_text(encoding="utf-8").splitlines()
    bad = [number for number, line in enumerate(lines, 1) if NON_LATIN_DIGIT.search(line)]
    assert not bad, f"{page.relative_to(ROOT)}: Persian/Arabic digits on lines {bad}; use Latin digits"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_persian_text_uses_the_glossary_terms(page):
    persian = "\n".join(PERSIAN_BLOCK.findall(page.read_text(encoding="utf-8")))
    found = sorted({f"«{m.group()}» (write {term}, not {variant})"
                    for pattern, variant, term in AVOID for m in pattern.finditer(persian)})
    assert not found, f"{page.relative_to(ROOT)}: " + "; ".join(found)


def test_glossary_is_complete_and_sorted():
    rows = glossary_rows()
    assert len(rows) > 100 and all(len(row) == 4 and row[1] and row[2] for row in rows)
    english = [row[0] for row in rows]
    assert english == sorted(english, key=str.casefold), "sort glossary.md's rows by the English term"
