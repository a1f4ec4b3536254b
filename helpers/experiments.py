"""Repeatable MLP runs on a fixed split, and their per-seed tables (chapters 1.5 and 3.1).

Both distillation chapters train many small networks the same way: a validation split held
out from the training set by a fixed permutation, a fresh MLP whose initial weights and batch
order come from one seed, an optimiser whose learning rate decays along a cosine, and a table
of errors per seed. Which optimiser and which loss is what each chapter teaches, so the chapter
passes them in.
"""

from __future__ import annotations

import pandas as pd
import torch

from helpers import runtime
from helpers.training import count_errors, fit, make_mlp


def split_off(n: int, held_out: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Indices ``(held_out_indices, kept_indices)`` of ``n`` items, from a permutation fixed by ``seed``.

    ``split_off(60_000, 5_000)`` sets 5000 training images aside for validation; the same
    seed always gives the same split, whatever else the run draws at random.
    """
    if not 0 <= held_out <= n:
        raise ValueError(f"Cannot hold out {held_out} of {n} items.")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    return order[:held_out], order[held_out:]


def train_mlp(sizes, inputs, targets, *, seed: int, epochs: int, make_optimizer, loss_fn,
              batch_size: int = 128, cosine: bool = True, validation=None, dropout: float = 0.0,
              device="cpu", description: str = "training"):
    """A fresh ``make_mlp(*sizes)`` trained on ``(inputs, targets)``; returns ``(model, history)``.

    ``seed`` fixes the initial weights and the order of the mini-batches, so two runs with the
    same seed and different losses start from the same network and see the same batches.
    ``make_optimizer(parameters)`` builds the optimiser (the chapter chooses it); with
    ``cosine`` the learning rate decays from its initial value to zero along a cosine over the
    ``epochs``. ``targets``, ``loss_fn`` and ``validation`` are as in :func:`helpers.training.fit`.
    """
    runtime.set_seed(seed)
    model = make_mlp(*sizes, dropout=dropout).to(device)
    optimizer = make_optimizer(model.parameters())
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs) if cosine else None
    history = fit(model, inputs, targets, loss_fn=loss_fn, optimizer=optimizer, epochs=epochs,
                  batch_size=batch_size, validation=validation, seed=seed, scheduler=schedule,
                  description=description)
    return model, history


def seed_table(models: dict, splits: dict) -> pd.DataFrame:
    """Errors of each model on each split: one row per key of ``models`` (e.g. the seed).

    ``splits`` maps a name to ``(inputs, labels)``; the columns are ``"<name> errors"``.
    """
    return pd.DataFrame({f"{name} errors": {key: count_errors(model, *data) for key, model in models.items()}
                         for name, data in splits.items()}).rename_axis("seed")
