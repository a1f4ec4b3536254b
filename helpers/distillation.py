"""Knowledge-distillation losses, for ``training.fit`` with targets ``(labels, teacher_logits)``.

Each loss takes ``(student_logits, labels, teacher_logits)`` so that the same training loop
serves every variant. The chapters that teach distillation write these formulas out in full
and check them against the functions here.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def soft_targets(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """The softmax at temperature ``T``: ``exp(z_i / T) / Σ_j exp(z_j / T)`` along dimension 1."""
    return F.softmax(logits / temperature, dim=1)


def soft_cross_entropy(student_logits, teacher_logits, temperature: float) -> torch.Tensor:
    """Mean over the batch of ``H(p_T, q_T) = -Σ_i p_T,i log q_T,i``.

    ``p_T`` are the teacher's and ``q_T`` the student's soft targets at temperature ``T``. It
    differs from ``KL(p_T ‖ q_T)`` only by the teacher's entropy, a constant for the student,
    so both give the same gradients.
    """
    teacher = soft_targets(teacher_logits, temperature)
    return -(teacher * F.log_softmax(student_logits / temperature, dim=1)).sum(dim=1).mean()


def hinton_loss(student_logits, labels, teacher_logits, *, temperature: float,
                soft_weight: float, hard_weight: float = 1.0) -> torch.Tensor:
    """``hard_weight · CE(student, labels) + soft_weight · T² · H(p_T, q_T)`` (Hinton et al. 2015).

    The gradient of the soft term shrinks as ``1/T²``; the ``T²`` factor keeps its share of the
    total gradient roughly the same whatever the temperature. ``hard_weight=0`` trains on the
    teacher's soft targets alone.
    """
    hard = F.cross_entropy(student_logits, labels) if hard_weight else student_logits.new_zeros(())
    soft = soft_cross_entropy(student_logits, teacher_logits, temperature)
    return hard_weight * hard + soft_weight * temperature**2 * soft


def logit_matching_loss(student_logits, labels, teacher_logits) -> torch.Tensor:
    """Mean squared error between the student's and the teacher's logits; labels are unused.

    This is the "train the student on the teacher's outputs" of the MNIST report, and the
    high-temperature limit of :func:`hinton_loss` (Hinton et al. 2015, section 2.1).
    """
    del labels  # same signature as hinton_loss, so fit() can call either
    return F.mse_loss(student_logits, teacher_logits)
