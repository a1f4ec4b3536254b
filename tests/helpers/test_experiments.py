import torch
import torch.nn.functional as F

from helpers import experiments


def test_split_off_is_a_fixed_partition():
    held, kept = experiments.split_off(20, 5, seed=3)
    assert len(held) == 5 and len(kept) == 15
    assert sorted(torch.cat([held, kept]).tolist()) == list(range(20))
    again, _ = experiments.split_off(20, 5, seed=3)
    assert torch.equal(held, again)
    other, _ = experiments.split_off(20, 5, seed=4)
    assert not torch.equal(held, other)


def test_split_off_refuses_more_than_there_is():
    try:
        experiments.split_off(3, 4)
    except ValueError as error:
        assert "4 of 3" in str(error)
    else:
        raise AssertionError("expected a ValueError")


def _problem(n=300):
    generator = torch.Generator().manual_seed(0)
    inputs = torch.randn(n, 4, generator=generator)
    return inputs, (inputs[:, 0] - inputs[:, 1] > 0).long()


def test_train_mlp_learns_and_decays_the_rate_to_zero():
    inputs, labels = _problem()
    optimizers = []

    def make_optimizer(parameters):
        optimizers.append(torch.optim.SGD(parameters, lr=0.5, momentum=0.9))
        return optimizers[-1]

    model, history = experiments.train_mlp((4, 16, 2), inputs, labels, seed=0, epochs=6,
                                           make_optimizer=make_optimizer, loss_fn=F.cross_entropy,
                                           batch_size=32, validation=(inputs, labels))
    assert history.epochs == 6 and history["val_accuracy"][-1] > 0.9
    assert optimizers[0].param_groups[0]["lr"] < 1e-12  # cosine to zero after the last epoch


def test_same_seed_same_start_and_batches():
    inputs, labels = _problem()
    sgd = lambda parameters: torch.optim.SGD(parameters, lr=0.1)
    runs = [experiments.train_mlp((4, 8, 2), inputs, labels, seed=1, epochs=2, make_optimizer=sgd,
                                  loss_fn=F.cross_entropy, cosine=False)[0] for _ in range(2)]
    assert all(torch.equal(a, b) for a, b in zip(runs[0].state_dict().values(), runs[1].state_dict().values()))


def test_seed_table_counts_errors_per_split():
    inputs, labels = _problem(50)
    always_zero = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 2))
    with torch.no_grad():
        always_zero[1].weight.zero_()
        always_zero[1].bias.copy_(torch.tensor([1.0, 0.0]))
    table = experiments.seed_table({0: always_zero}, {"test": (inputs, labels), "train": (inputs[:10], labels[:10])})
    assert list(table.columns) == ["test errors", "train errors"]
    assert table.loc[0, "test errors"] == int((labels == 1).sum())
    assert table.index.name == "seed"
