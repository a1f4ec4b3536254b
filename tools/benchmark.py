"""How fast does the helpers' training loop train an MNIST MLP, compared with the reports' loop?

    python tools/benchmark.py                 # 5 interleaved rounds of one epoch per setting
    python tools/benchmark.py --write         # ... and regenerates the book's page benchmark.md
    python tools/benchmark.py --samples 5000  # a quick check on part of the epoch

The model is the teacher of chapter 1.5 (784-1024-512-10 ReLU MLP, SGD with momentum). The
reports' style is a ``DataLoader`` over a ``TensorDataset`` with batch size 32: every batch is
assembled sample by sample in Python and its loss read with ``.item()``. The helpers' loop
(``helpers.training.fit``) slices whole tensors by a permutation of indices; it runs at the
reports' batch size 32 (the loop alone) and at the book's batch sizes 128 and 256 (the loop and
the batch size together). The settings are timed in interleaved rounds (every setting once per
round), so a slow spell of the machine hits all of them alike; the page reports the median speed
with its range over the rounds, and the median of the per-round ratios to the reports' loop.
Timings are wall-clock and vary between runs and machines; they are never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

from helpers import runtime, training  # noqa: E402
from helpers.data import load_vision_dataset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "benchmark.md"
SIZES = (784, 1024, 512, 10)
LEARNING_RATE, MOMENTUM = 0.05, 0.9


def new_model_and_optimizer(device):
    runtime.set_seed(0)
    model = training.make_mlp(*SIZES).to(device)
    return model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)


def report_style_epoch(images, labels, device, batch_size: int = 32) -> float:
    """One epoch the way the reports trained: DataLoader(TensorDataset), batch 32, loss.item()."""
    model, optimizer = new_model_and_optimizer(device)
    loader = DataLoader(TensorDataset(images, labels), batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    model.train()
    running = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item()
    _synchronize(device)
    return time.perf_counter() - start


def helpers_epoch(images, labels, device, batch_size: int) -> float:
    """One epoch with helpers.training.fit, the data already on the device."""
    model, optimizer = new_model_and_optimizer(device)
    images, labels = images.to(device), labels.to(device)
    start = time.perf_counter()
    training.fit(model, images, labels, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer,
                 epochs=1, batch_size=batch_size, progress=False)
    _synchronize(device)
    return time.perf_counter() - start


def _synchronize(device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def run(samples: int, repeats: int) -> tuple[list[tuple[str, int, list[float]]], dict]:
    """Time every setting in ``repeats`` interleaved rounds; return rows
    ``(setting, batch size, samples/s of each round)`` and the machine facts."""
    device = runtime.get_device()
    images, labels = load_vision_dataset("MNIST", train=True)
    images, labels = images[:samples], labels[:samples]
    settings = [("reports' style: DataLoader(TensorDataset)", 32, report_style_epoch),
                ("helpers.training.fit", 32, helpers_epoch),
                ("helpers.training.fit", 128, helpers_epoch),
                ("helpers.training.fit", 256, helpers_epoch)]
    helpers_epoch(images[:2048], labels[:2048], device, 256)  # warm-up: first-call costs
    speeds = [[] for _ in settings]
    for round_number in range(1, repeats + 1):
        for speed, (name, batch_size, epoch) in zip(speeds, settings):
            speed.append(len(images) / epoch(images, labels, device, batch_size=batch_size))
            print(f"round {round_number}: {name:<45} batch {batch_size:>4}: {speed[-1]:>9,.0f} samples/s",
                  flush=True)
    rows = [(name, batch_size, speed) for (name, batch_size, _), speed in zip(settings, speeds)]
    facts = {"date": dt.date.today().isoformat(), "samples": len(images), "repeats": repeats,
             "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "CPU",
             "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores",
             "threads": torch.get_num_threads(), "torch": torch.__version__}
    return rows, facts


def table(rows) -> str:
    """The results as a Markdown table: median speed and its range over the rounds, and the median
    (and range) of each round's ratio to the reports' loop in the same round."""
    baseline = rows[0][2]
    lines = ["| training loop | batch size | samples/s (median) | range over rounds | × reports' style (median) | ratio range |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, batch, speeds in rows:
        ratios = [speed / base for speed, base in zip(speeds, baseline)]
        lines.append(f"| {name} | {batch} | {statistics.median(speeds):,.0f} | {min(speeds):,.0f}–{max(speeds):,.0f} "
                     f"| {statistics.median(ratios):.1f} | {min(ratios):.1f}–{max(ratios):.1f} |")
    return "\n".join(lines)


def write_page(rows, facts, path: Path = PAGE) -> None:
    """Regenerate the book's benchmark page from a run's rows."""
    path.write_text(PAGE_TEMPLATE.format(table=table(rows), **facts), encoding="utf-8")


PAGE_TEMPLATE = """# Training-loop benchmark · سنجش سرعت حلقهٔ آموزش

<div dir="rtl" lang="fa">

گزارش‌های دانشجویی شبکه‌های MNIST را با حلقهٔ رایج `DataLoader` روی یک `TensorDataset` و
دسته‌های 32تایی آموزش داده بودند: هر دسته نمونه‌به‌نمونه در پایتون سر هم می‌شود و زیانش با
`.item()` خوانده می‌شود. فصل‌های این کتاب با `helpers.training.fit` آموزش می‌بینند که کل داده
را به‌صورت تنسور (روی GPU، اگر باشد) نگه می‌دارد و هر دسته را با یک برش از جایگشتی از
اندیس‌ها برمی‌دارد. جدول زیر یک دوره (epoch) آموزش همان MLP را (معلم فصل 1.5، یعنی
784-1024-512-10 با SGD و تکانه) با هر دو روش اندازه می‌گیرد. سطر دوم فقط اثر خودِ حلقه را
نشان می‌دهد (اندازهٔ دسته یکسان است) و دو سطر آخر اثر حلقه و اندازهٔ دستهٔ بزرگ‌تری را که
فصل‌ها به کار می‌برند، با هم. روی CPU بیشترِ سود از دستهٔ بزرگ‌تر است، چون ضرب ماتریس‌های
بزرگ‌تر از هسته‌ها بهتر استفاده می‌کند؛ روی GPU سربار حلقهٔ `DataLoader` سهم بسیار بیشتری
دارد. این عددها زمان دیواری‌اند و از اجرایی به اجرای دیگر و از ماشینی به ماشین دیگر فرق
می‌کنند. این صفحه را `python tools/benchmark.py --write` می‌سازد؛ آن را دستی ویرایش نکنید.

</div>

The student reports trained their MNIST networks with the usual loop, a `DataLoader` over a
`TensorDataset` with batches of 32: each batch is assembled sample by sample in Python and its
loss read with `.item()`. The chapters of this book train with `helpers.training.fit`, which
keeps the whole data set in tensors (on the GPU when there is one) and takes each batch as one
slice of a permutation of indices. The table times one epoch of the same MLP (the teacher of
chapter 1.5, 784-1024-512-10 with SGD and momentum) both ways. The second row shows the effect
of the loop alone (same batch size); the last two rows show the loop together with the larger
batches the chapters use. On a CPU most of the gain comes from the larger batches, because
larger matrix products use the cores better; on a GPU the `DataLoader` loop's overhead weighs
much more. These are wall-clock numbers and vary between runs and machines. This page is
generated by `python tools/benchmark.py --write`; do not edit it by hand.

{table}

Run on {date}: {samples} training images, {repeats} interleaved rounds (one epoch per setting
per round); {device}, {machine}, {threads} PyTorch threads, torch {torch}. Read the ratios, not
the speeds: a ratio compares two loops timed moments apart, while the speed of the machine itself
drifts between rounds (the "range" columns show by how much).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60_000, help="training images per epoch")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds (one epoch per setting each)")
    parser.add_argument("--write", action="store_true", help="regenerate benchmark.md")
    parser.add_argument("--output", type=Path, default=PAGE, help="page to write with --write")
    args = parser.parse_args()
    rows, facts = run(args.samples, args.repeats)
    print()
    print(table(rows))
    if args.write:
        write_page(rows, facts, args.output)
        print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
