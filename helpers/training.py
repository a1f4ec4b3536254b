"""A small training loop that keeps the whole data set in tensors.

Mini-batches are slices of a random permutation of indices, so an epoch is a handful of
tensor operations instead of a ``DataLoader`` assembling one sample at a time. The loop is
intentionally plain: a student should be able to read it in a minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from tqdm import tqdm


@dataclass
class History:
    """Per-epoch numbers of one training run.

    ``metrics`` maps names such as ``"train_loss"`` or ``"val_accuracy"`` to one value per
    finished epoch. ``diverged`` is True when the loss became NaN or infinite; training stops
    there and the history holds the epochs before it.
    """

    metrics: dict = field(default_factory=dict)
    diverged: bool = False

    def add(self, **values: float) -> None:
        for name, value in values.items():
            self.metrics.setdefault(name, []).append(float(value))

    def __getitem__(self, name: str) -> list:
        return self.metrics[name]

    @property
    def epochs(self) -> int:
        return max((len(values) for values in self.metrics.values()), default=0)


def minibatch_indices(n: int, batch_size: int, shuffle: bool = True, generator=None):
    """Yield index tensors covering ``range(n)`` in batches (a random order when ``shuffle``)."""
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def _is_class_labels(targets: torch.Tensor) -> bool:
    return targets.ndim == 1 and not torch.is_floating_point(targets)


@torch.no_grad()
def evaluate(model, inputs, targets, loss_fn, batch_size: int = 1024) -> dict:
    """Mean loss (and accuracy, for class-index targets) of ``model`` on a whole data set."""
    model.eval()
    total_loss, correct = 0.0, 0
    for index in minibatch_indices(len(inputs), batch_size, shuffle=False):
        outputs = model(inputs[index])
        total_loss += loss_fn(outputs, targets[index]).item() * len(index)
        if _is_class_labels(targets):
            correct += (outputs.argmax(dim=1) == targets[index]).sum().item()
    result = {"loss": total_loss / len(inputs)}
    if _is_class_labels(targets):
        result["accuracy"] = correct / len(inputs)
    return result


def fit(
    model,
    inputs,
    targets,
    *,
    loss_fn,
    optimizer,
    epochs: int,
    batch_size: int = 128,
    validation: tuple | None = None,
    seed: int = 0,
    progress: bool = True,
    description: str = "training",
) -> History:
    """Train ``model`` for ``epochs`` passes over ``(inputs, targets)`` and return its history.

    ``targets`` may be class indices (accuracy is then reported) or any tensor that
    ``loss_fn(outputs, targets_batch)`` understands, e.g. a teacher's logits for distillation.
    ``validation=(inputs, targets)`` adds ``val_loss``/``val_accuracy`` after each epoch.
    Losses that become NaN or infinite stop training and set ``history.diverged``.
    """
    generator = torch.Generator().manual_seed(seed)
    history = History()
    bar = tqdm(range(epochs), desc=description, disable=not progress, leave=False)
    for _ in bar:
        model.train()
        running, seen, correct = 0.0, 0, 0
        for index in minibatch_indices(len(inputs), batch_size, generator=generator):
            batch_targets = targets[index]
            outputs = model(inputs[index])
            loss = loss_fn(outputs, batch_targets)
            if not math.isfinite(loss.item()):
                history.diverged = True
                bar.close()
                return history
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.item() * len(index)
            seen += len(index)
            if _is_class_labels(batch_targets):
                correct += (outputs.argmax(dim=1) == batch_targets).sum().item()
        epoch = {"train_loss": running / seen}
        if _is_class_labels(targets):
            epoch["train_accuracy"] = correct / seen
        if validation is not None:
            scores = evaluate(model, *validation, loss_fn)
            epoch.update({f"val_{name}": value for name, value in scores.items()})
        history.add(**epoch)
        bar.set_postfix({name: f"{value:.4f}" for name, value in epoch.items()})
    return history
