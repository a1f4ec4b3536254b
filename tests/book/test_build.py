"""`jupyter-book build -W` succeeds (warnings are errors) and the pages have what readers need."""

import subprocess
import sys
from pathlib import Path

import pytest

from tools import notebooks


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    output = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    run = subprocess.run([str(jupyter_book), "build", str(notebooks.ROOT), "-W", "-n", "--keep-going",
                          "--path-output", str(output)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return output / "_build" / "html"


def test_index_and_intro_exist(html):
    assert (html / "index.html").exists()
    assert 'dir="rtl"' in (html / "intro.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", notebooks.chapters(), ids=notebooks.slug)
def test_chapter_page(html, chapter):
    page = html / chapter.relative_to(notebooks.ROOT).with_suffix(".html")
    text = page.read_text(encoding="utf-8")
    assert "colab.research.google.com/github/" in text, "Colab launch button"
    assert '<div dir="rtl" lang="fa">' in text
    assert "<img" in text, "at least one figure"
    assert "this book" in text and "reported" in text, "vs-reported table"
    assert "Traceback" not in text


def test_css_and_font_are_published(html):
    assert (html / "_static" / "book.css").exists()
    assert (html / "_static" / "fonts" / "vazirmatn-arabic-400-normal.woff2").exists()
