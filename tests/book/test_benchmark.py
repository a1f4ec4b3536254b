"""The training-loop benchmark runs, writes its page, and the committed page comes from a full run.

Speeds are wall-clock measurements on noisy machines: they are shown, never asserted.
"""

import re
import subprocess
import sys

from tools import benchmark, notebooks


def table_rows(text):
    """(setting, batch, median speed, speed range, median ratio, ratio range) of each table row."""
    return re.findall(r"^\| (.+?) \| (\d+) \| ([\d,]+) \| ([\d,]+–[\d,]+) \| ([\d.]+) \| ([\d.]+–[\d.]+) \|$",
                      text, flags=re.MULTILINE)


def test_benchmark_runs_and_writes_its_page(tmp_path):
    page = tmp_path / "benchmark.md"
    run = subprocess.run([sys.executable, "tools/benchmark.py", "--samples", "1024", "--repeats", "2", "--write",
                          "--output", str(page)], cwd=notebooks.ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = table_rows(page.read_text(encoding="utf-8"))
    assert [(row[0], int(row[1])) for row in rows] == [
        ("reports' style: DataLoader(TensorDataset)", 32), ("helpers.training.fit", 32),
        ("helpers.training.fit", 128), ("helpers.training.fit", 256)]
    assert rows[0][4] == "1.0" and rows[0][5] == "1.0–1.0"  # the baseline is measured against itself
    assert "1024 training images, 2 interleaved rounds" in page.read_text(encoding="utf-8")


def test_committed_page_is_a_full_epoch_in_the_toc():
    text = benchmark.PAGE.read_text(encoding="utf-8")
    assert len(table_rows(text)) == 4
    assert "60000 training images" in text, "regenerate with `python tools/benchmark.py --write`"
    rounds = int(re.search(r"(\d+) interleaved rounds", text).group(1))
    assert rounds >= 5, "at least 5 interleaved rounds"
    assert '<div dir="rtl" lang="fa">' in text
    assert "benchmark" in (notebooks.ROOT / "_toc.yml").read_text(encoding="utf-8")
