"""A small training loop that keeps the whole data set in tensors.

Mini-batches are slices of a random permutation of indices, so an epoch is a handful of
tensor operations instead of a ``DataLoader`` assembling one sample at a time. Keep the data
on the device the model is on (``tensor.to(device)``): on a GPU nothing then crosses the bus
during training. The loop is intentionally plain: a student should be able to read it in a
minute.

Targets are either one tensor (class indices, or anything the loss understands, such as the
inputs themselves for an autoencoder) or a tuple of tensors indexed alike, e.g.
``(labels, teacher_logits)`` for knowledge distillation; the loss is then called as
``loss_fn(outputs, labels_batch, teacher_logits_batch)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import nn
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


def make_mlp(*sizes: int, dropout: float = 0.0) -> nn.Sequential:
    """A fully connected ReLU network ``Flatten → Linear → ReLU [→ Dropout] → … → Linear``.

    ``make_mlp(784, 1024, 512, 10)`` has two hidden layers (1024 and 512 units) and returns
    logits. ``dropout`` > 0 adds ``nn.Dropout`` after every hidden layer.
    """
    if len(sizes) < 2:
        raise ValueError(f"An MLP needs at least an input and an output size, got {sizes}.")
    layers: list[nn.Module] = [nn.Flatten()]
    for width_in, width_out in zip(sizes[:-2], sizes[1:-1]):
        layers += [nn.Linear(width_in, width_out), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*layers)


def minibatch_indices(n: int, batch_size: int, shuffle: bool = True, generator=None, device=None):
    """Yield index tensors covering ``range(n)`` in batches (a random order when ``shuffle``)."""
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    order = order.to(device) if device is not None else order
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def _is_class_labels(targets: torch.Tensor) -> bool:
    return targets.ndim == 1 and not torch.is_floating_point(targets)


def _take(targets, index):
    """Rows ``index`` of the targets: one tensor, or each tensor of a tuple."""
    if isinstance(targets, tuple):
        return tuple(target[index] for target in targets)
    return targets[index]


def _labels(targets):
    """The class labels among the targets (a tuple's first tensor), or None if there are none."""
    first = targets[0] if isinstance(targets, tuple) else targets
    return first if _is_class_labels(first) else None


def _loss(loss_fn, outputs, targets):
    return loss_fn(outputs, *targets) if isinstance(targets, tuple) else loss_fn(outputs, targets)


@torch.no_grad()
def evaluate(model, inputs, targets, loss_fn, batch_size: int = 1024) -> dict:
    """Mean loss (and accuracy, when the targets hold class labels) of ``model`` on a data set."""
    model.eval()
    total_loss = torch.zeros((), dtype=torch.float64, device=inputs.device)
    correct = torch.zeros((), dtype=torch.int64, device=inputs.device)
    labels = _labels(targets)
    for index in minibatch_indices(len(inputs), batch_size, shuffle=False, device=inputs.device):
        outputs = model(inputs[index])
        total_loss += _loss(loss_fn, outputs, _take(targets, index)).double() * len(index)
        if labels is not None:
            correct += (outputs.argmax(dim=1) == labels[index]).sum()
    result = {"loss": total_loss.item() / len(inputs)}
    if labels is not None:
        result["accuracy"] = correct.item() / len(inputs)
    return result


@torch.no_grad()
def predict(model, inputs, batch_size: int = 4096) -> torch.Tensor:
    """The model's outputs (logits, for a classifier) on all ``inputs``, in evaluation mode."""
    model.eval()
    return torch.cat([model(inputs[start : start + batch_size])
                      for start in range(0, len(inputs), batch_size)])


def count_errors(model, inputs, labels) -> int:
    """How many of ``inputs`` the classifier ``model`` gets wrong (argmax of its logits)."""
    return int((predict(model, inputs).argmax(dim=1) != labels).sum())


def confusion_matrix(labels, predictions, num_classes: int = 10) -> torch.Tensor:
    """Counts ``[true class, predicted class]`` as a ``(num_classes, num_classes)`` tensor."""
    labels, predictions = torch.as_tensor(labels).cpu(), torch.as_tensor(predictions).cpu()
    pairs = labels * num_classes + predictions
    return torch.bincount(pairs, minlength=num_classes**2).reshape(num_classes, num_classes)


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
    scheduler=None,
    progress: bool = True,
    description: str = "training",
) -> History:
    """Train ``model`` for ``epochs`` passes over ``(inputs, targets)`` and return its history.

    ``targets`` may be class indices (accuracy is then reported), any tensor that
    ``loss_fn(outputs, targets_batch)`` understands, or a tuple of tensors passed to
    ``loss_fn(outputs, *batch)``; accuracy is reported when the tuple's first tensor holds
    class indices. ``validation=(inputs, targets)`` adds ``val_loss``/``val_accuracy`` after
    each epoch. ``scheduler`` (e.g. ``torch.optim.lr_scheduler.CosineAnnealingLR``) is stepped
    once after every epoch. Running sums stay on the device (no per-step ``.item()``, which would stall a
    GPU); an epoch whose loss is NaN or infinite stops training and sets ``history.diverged``.
    """
    generator = torch.Generator().manual_seed(seed)
    history = History()
    labels = _labels(targets)
    bar = tqdm(range(epochs), desc=description, disable=not progress, leave=False)
    for _ in bar:
        model.train()
        running = torch.zeros((), dtype=torch.float64, device=inputs.device)
        correct = torch.zeros((), dtype=torch.int64, device=inputs.device)
        for index in minibatch_indices(len(inputs), batch_size, generator=generator, device=inputs.device):
            outputs = model(inputs[index])
            loss = _loss(loss_fn, outputs, _take(targets, index))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.detach().double() * len(index)
            if labels is not None:
                correct += (outputs.argmax(dim=1) == labels[index]).sum()
        epoch = {"train_loss": running.item() / len(inputs)}
        if not math.isfinite(epoch["train_loss"]):
            history.diverged = True
            break
        if labels is not None:
            epoch["train_accuracy"] = correct.item() / len(inputs)
        if scheduler is not None:
            scheduler.step()
        if validation is not None:
            scores = evaluate(model, *validation, loss_fn)
            epoch.update({f"val_{name}": value for name, value in scores.items()})
        history.add(**epoch)
        bar.set_postfix({name: f"{value:.4f}" for name, value in epoch.items()})
    bar.close()
    return history
