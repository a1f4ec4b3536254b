"""The book's configuration says what the issue of record asks for."""

import subprocess
import sys

import yaml

from tools import notebooks

ROOT = notebooks.ROOT


def load(name):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_book_is_built_from_notebooks_without_executing_them():
    config = load("_config.yml")
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["only_build_toc_files"] is True
    assert "chapters/**/*.md" in config["exclude_patterns"]


def test_colab_launch_buttons_and_repository():
    config = load("_config.yml")
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert config["repository"]["url"].startswith("https://github.com/")
    assert config["repository"]["branch"] == "main"


def test_toc_lists_ipynb_files_that_exist():
    for chapter in notebooks.chapters():
        assert chapter.suffix == ".ipynb" and chapter.exists(), chapter


def test_font_and_css_are_shipped():
    css = (ROOT / "_static" / "book.css").read_text(encoding="utf-8")
    for weight in (400, 700):
        font = f"fonts/vazirmatn-arabic-{weight}-normal.woff2"
        assert font in css and (ROOT / "_static" / font).stat().st_size > 10_000
    assert (ROOT / "_static" / "fonts" / "OFL.txt").exists()


def test_helpers_metadata_pins_no_framework():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not any(d.split("[")[0].strip().lower() in {"torch", "tensorflow", "keras"} for d in deps)
    assert not any(op in d for d in deps for op in "=<>~!"), "helpers must not pin versions"


def test_execute_rejects_an_unknown_profile():
    run = subprocess.run([sys.executable, "tools/execute.py", "--profile", "smok"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 2 and "unknown profile 'smok'" in run.stderr


def test_execute_rejects_an_unknown_chapter():
    run = subprocess.run([sys.executable, "tools/execute.py", "--profile", "smoke", "no-such"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "No chapter called 'no-such'" in run.stderr
