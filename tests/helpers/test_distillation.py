import math

import pytest
import torch
import torch.nn.functional as F

from helpers import distillation


def logits(seed, n=5, classes=10, scale=3.0):
    return scale * torch.randn(n, classes, generator=torch.Generator().manual_seed(seed))


def test_soft_targets_are_a_softened_softmax():
    z = logits(0)
    for temperature in (1.0, 4.0, 20.0):
        q = distillation.soft_targets(z, temperature)
        assert torch.allclose(q.sum(dim=1), torch.ones(len(z)))
        assert torch.allclose(q, torch.exp(z / temperature) / torch.exp(z / temperature).sum(1, keepdim=True))
    entropy = lambda p: -(p * p.log()).sum(dim=1)
    assert (entropy(distillation.soft_targets(z, 5.0)) > entropy(distillation.soft_targets(z, 1.0))).all()


def test_soft_cross_entropy_equals_kl_plus_teacher_entropy():
    student, teacher, temperature = logits(1), logits(2), 3.0
    p = distillation.soft_targets(teacher, temperature)
    kl = F.kl_div(F.log_softmax(student / temperature, dim=1), p, reduction="batchmean")
    teacher_entropy = -(p * p.log()).sum(dim=1).mean()
    assert torch.isclose(distillation.soft_cross_entropy(student, teacher, temperature), kl + teacher_entropy)


def test_hinton_loss_is_weighted_sum_of_hard_and_soft_terms():
    student, teacher = logits(3), logits(4)
    labels = torch.tensor([0, 1, 2, 3, 4])
    temperature, soft_weight, hard_weight = 4.0, 0.7, 0.3
    expected = (hard_weight * F.cross_entropy(student, labels)
                + soft_weight * temperature**2 * distillation.soft_cross_entropy(student, teacher, temperature))
    loss = distillation.hinton_loss(student, labels, teacher, temperature=temperature,
                                    soft_weight=soft_weight, hard_weight=hard_weight)
    assert torch.isclose(loss, expected)
    soft_only = distillation.hinton_loss(student, labels, teacher, temperature=temperature,
                                         soft_weight=1.0, hard_weight=0.0)
    assert torch.isclose(soft_only, temperature**2 * distillation.soft_cross_entropy(student, teacher, temperature))


def test_t_squared_keeps_the_soft_gradient_scale():
    """Without T², the soft gradient falls like 1/T²; with it, it stays of the same order."""
    teacher = logits(5)
    teacher = teacher - teacher.mean(dim=1, keepdim=True)
    norms = {}
    for temperature in (5.0, 10.0, 20.0):
        student = logits(6).requires_grad_()
        distillation.soft_cross_entropy(student, teacher, temperature).backward()
        norms[temperature] = student.grad.norm().item()
    assert norms[10.0] / norms[20.0] == pytest.approx(4.0, rel=0.15)
    assert norms[5.0] * 25 == pytest.approx(norms[20.0] * 400, rel=0.3)


def test_soft_loss_is_minimal_when_student_copies_teacher():
    teacher = logits(7)
    same = distillation.soft_cross_entropy(teacher, teacher, 2.0)
    other = distillation.soft_cross_entropy(logits(8), teacher, 2.0)
    assert same < other
    assert distillation.logit_matching_loss(teacher, None, teacher).item() == 0.0


def test_logit_matching_is_mse_and_ignores_labels():
    student, teacher = logits(9), logits(10)
    labels = torch.zeros(5, dtype=torch.long)
    loss = distillation.logit_matching_loss(student, labels, teacher)
    assert math.isclose(loss.item(), ((student - teacher) ** 2).mean().item(), rel_tol=1e-6)
