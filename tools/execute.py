"""Execute chapters with papermill in a profile, and time them.

    python tools/execute.py                      # every chapter, full profile (the published run)
    python tools/execute.py --profile smoke      # every chapter, fast profile
    python tools/execute.py adaline madaline     # chosen chapters (slug or path)
    python tools/execute.py --seed 1 adaline     # a second, independent run (not committed)

The MyST source (``<slug>.md``) is what runs. A full run with ``seed`` 0 writes the executed
notebook next to it (``<slug>.ipynb``, committed) with its provenance in the metadata: the
hash of its code and of the parts of ``helpers`` it uses, the versions of Python and the main
libraries, the device and the wall time; it then regenerates the book's execution-report page
from that metadata. Any other run (smoke profile, or another seed) writes to
``_build/<profile>[-seed<N>]/`` and touches nothing that is committed. Claims checked with
``helpers.results.check`` stop the run when they fail (``NNDL_STRICT=1``). Either way a table
of wall times is printed and saved to ``_build/timings-<profile>[-seed<N>].csv``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import jupytext  # noqa: E402
import nbformat  # noqa: E402
import papermill  # noqa: E402

from helpers.runtime import PROFILE_ENV, PROFILES, STRICT_ENV  # noqa: E402
from tools import notebooks  # noqa: E402

ROOT = notebooks.ROOT
REPORT = ROOT / "execution-report.md"
# the libraries whose versions a chapter's outputs depend on (read without importing them:
# importing tensorflow before torchvision crashes this stack)
LIBRARIES = ("torch", "torchvision", "tensorflow", "keras", "numpy", "scikit-learn", "scipy")


def run_name(profile: str, seed: int) -> str:
    """``full``, ``smoke``, ``full-seed1``, ...: the name of a run, used for its output folder."""
    return profile if seed == 0 else f"{profile}-seed{seed}"


def target_of(chapter: Path, profile: str, seed: int) -> Path:
    """Where a run's executed notebook goes: next to the source only for the published run."""
    if profile == "full" and seed == 0:
        return chapter
    return ROOT / "_build" / run_name(profile, seed) / chapter.name


def versions() -> dict:
    """Python's version and those of :data:`LIBRARIES` installed here (``None`` if absent)."""
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def device() -> str:
    """The machine in words: the GPU if torch sees one, else the CPU model and its cores."""
    try:
        import torch

        if torch.cuda.is_available():
            return f"{torch.cuda.get_device_name(0)} (CUDA {torch.version.cuda})"
    except ImportError:
        pass
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPU cores, no GPU"


def execute(chapter: Path, profile: str, seed: int = 0) -> float:
    """Run one chapter from its MyST source in ``profile`` with ``seed``; return the wall time in seconds."""
    source = jupytext.read(chapter.with_suffix(".md"))
    target = target_of(chapter, profile, seed)
    target.parent.mkdir(parents=True, exist_ok=True)
    # the parameters cell holds profile = "full" and seed = 0: inject only what differs,
    # so the published notebook holds exactly the cells of its source
    parameters = {key: value for key, value in {"profile": profile, "seed": seed}.items()
                  if value != {"profile": "full", "seed": 0}[key]}
    with tempfile.TemporaryDirectory() as scratch:
        unexecuted = Path(scratch) / chapter.name
        nbformat.write(source, unexecuted)
        start = time.perf_counter()
        papermill.execute_notebook(
            unexecuted, target,
            parameters=parameters,
            cwd=chapter.parent, kernel_name="python3", progress_bar=False,
        )
        seconds = time.perf_counter() - start
    executed = nbformat.read(target, as_version=4)
    # papermill records the scratch copy's path; keep the repository-relative paths instead
    executed.metadata["papermill"].update(input_path=str(chapter.with_suffix(".md").relative_to(ROOT)),
                                          output_path=str(target.relative_to(ROOT)))
    executed.metadata[notebooks.METADATA_KEY] = {
        "profile": profile,
        "seed": seed,
        "code_sha256": notebooks.code_hash(executed),
        "helpers_sha256": notebooks.helpers_hash(executed),
        "helpers_used": notebooks.helpers_dependencies(executed),
        "wall_time_s": round(seconds, 1),
        "executed_on": dt.date.today().isoformat(),
        "device": device(),
        "versions": versions(),
    }
    nbformat.write(executed, target)
    return seconds


def write_report() -> None:
    """Regenerate the execution-report page from the full-run metadata of every notebook.

    Like QuantEcon's status page: one row per chapter (date, wall time, device, whether its
    outputs come from its current code and helpers), then the library versions of those runs.
    """
    rows, stacks = [], {}
    for chapter in notebooks.chapters():
        if not chapter.exists():
            continue
        executed = nbformat.read(chapter, as_version=4)
        meta = executed.metadata.get(notebooks.METADATA_KEY, {})
        current = not notebooks.staleness(executed)
        rows.append(f"| {notebooks.slug(chapter)} | {meta.get('executed_on')} | {meta.get('wall_time_s')} "
                    f"| {meta.get('device')} | {meta.get('seed', 0)} "
                    f"| {'yes' if current else 'no: re-execute'} |")
        for name, version in (meta.get("versions") or {}).items():
            stacks.setdefault(name, set()).add(str(version))
    versions_table = "\n".join(f"| {name} | {', '.join(sorted(found))} |" for name, found in stacks.items())
    REPORT.write_text(REPORT_TEMPLATE.format(table="\n".join(rows), versions=versions_table or "| — | — |"),
                      encoding="utf-8")


REPORT_TEMPLATE = """# Execution report · گزارش اجرا

<div dir="rtl" lang="fa">

هر فصل این کتاب با `python tools/execute.py` در حالت اجرای `full` و با بذر تصادفی 0 اجرا شده
و خروجی‌هایی که می‌بینید از همان اجراست. جدول اول تاریخ، زمان دیواری (wall time) و دستگاه
آخرین اجرای کامل هر فصل را نشان می‌دهد و اینکه خروجی‌ها از کد کنونی فصل و بخش‌هایی از بستهٔ `helpers`
که فصل به کار می‌برد آمده‌اند یا نه؛ جدول دوم نسخهٔ پایتون و کتابخانه‌های اصلی همان اجراهاست. این صفحه را همان ابزار
به‌طور خودکار می‌سازد؛ آن را دستی ویرایش نکنید.

</div>

Every chapter of this book was executed with `python tools/execute.py` in the `full` profile
with random seed 0, and the outputs you read come from that run. The first table gives the
date, wall time and device of each chapter's last full run, and whether its outputs come from
the chapter's current code and the current version of the parts of `helpers` it uses; the second lists the versions of
Python and the main libraries in those runs. This page is generated by that tool; do not edit
it by hand.

| chapter | executed on | wall time (s) | device | seed | outputs current |
| --- | --- | --- | --- | --- | --- |
{table}

| library | version |
| --- | --- |
{versions}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="slugs or paths (default: all chapters)")
    parser.add_argument("--profile", default="full", help=f"one of {', '.join(PROFILES)}")
    parser.add_argument("--seed", type=int, default=0,
                        help="the chapters' seed parameter; only seed 0 writes the committed notebooks")
    args = parser.parse_args()
    if args.profile not in PROFILES:
        parser.error(f"unknown profile {args.profile!r}; choose one of {', '.join(PROFILES)}")
    os.environ.pop(PROFILE_ENV, None)  # the papermill parameter decides, not a stray variable
    # MPLBACKEND=Agg (set by tools/test.sh) would make plt.show() a no-op in the kernel and the
    # notebook would lose its figures: the kernel must use its own inline backend
    os.environ.pop("MPLBACKEND", None)
    os.environ[STRICT_ENV] = "1"  # a claim of the text that fails here stops the chapter
    name = run_name(args.profile, args.seed)
    timings = []
    for chapter in notebooks.select(args.chapters):
        print(f"executing {notebooks.slug(chapter)} ({name}) ...", flush=True)
        timings.append((notebooks.slug(chapter), execute(chapter, args.profile, args.seed)))
    lines = ["chapter,run,wall_time_s"] + [f"{s},{name},{t:.1f}" for s, t in timings]
    csv = ROOT / "_build" / f"timings-{name}.csv"
    csv.parent.mkdir(parents=True, exist_ok=True)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\n{'chapter':<28}{'wall time':>12}")
    for name, seconds in timings:
        print(f"{name:<28}{seconds:>10.1f} s")
    print(f"{'total':<28}{sum(t for _, t in timings):>10.1f} s   (saved to {csv.relative_to(ROOT)})")
    if args.profile == "full" and args.seed == 0:
        write_report()


if __name__ == "__main__":
    main()
