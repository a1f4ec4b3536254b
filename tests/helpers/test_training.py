import torch
from torch import nn

from helpers import training


def separable_problem(n=400, seed=0):
    generator = torch.Generator().manual_seed(seed)
    inputs = torch.randn(n, 2, generator=generator)
    labels = (inputs[:, 0] + inputs[:, 1] > 0).long()
    return inputs, labels


def test_minibatches_cover_every_index_once():
    batches = list(training.minibatch_indices(10, 4, generator=torch.Generator().manual_seed(0)))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(torch.cat(batches).tolist()) == list(range(10))


def test_minibatches_in_order_without_shuffle():
    assert torch.cat(list(training.minibatch_indices(5, 2, shuffle=False))).tolist() == [0, 1, 2, 3, 4]


def test_fit_learns_a_separable_problem_and_records_history():
    torch.manual_seed(0)
    inputs, labels = separable_problem()
    model = nn.Linear(2, 2)
    history = training.fit(
        model, inputs, labels, loss_fn=nn.functional.cross_entropy,
        optimizer=torch.optim.SGD(model.parameters(), lr=0.5), epochs=5, batch_size=32,
        validation=(inputs, labels), progress=False,
    )
    assert history.epochs == 5 and not history.diverged
    assert set(history.metrics) == {"train_loss", "train_accuracy", "val_loss", "val_accuracy"}
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["val_accuracy"][-1] > 0.95


def test_fit_is_repeatable_with_the_same_seed():
    runs = []
    for _ in range(2):
        torch.manual_seed(1)
        inputs, labels = separable_problem()
        model = nn.Linear(2, 2)
        runs.append(training.fit(model, inputs, labels, loss_fn=nn.functional.cross_entropy,
                                 optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
                                 epochs=2, seed=7, progress=False)["train_loss"])
    assert runs[0] == runs[1]


def test_fit_reports_divergence_instead_of_crashing():
    torch.manual_seed(0)
    inputs = torch.randn(256, 4) * 100
    targets = inputs.sum(dim=1, keepdim=True)
    model = nn.Linear(4, 1)
    history = training.fit(model, inputs, targets, loss_fn=nn.functional.mse_loss,
                           optimizer=torch.optim.SGD(model.parameters(), lr=10.0),
                           epochs=50, batch_size=64, progress=False)
    assert history.diverged
    assert history.epochs < 50


def test_evaluate_reports_accuracy_only_for_class_labels():
    inputs, labels = separable_problem(50)
    model = nn.Linear(2, 2)
    assert set(training.evaluate(model, inputs, labels, nn.functional.cross_entropy)) == {"loss", "accuracy"}
    soft = torch.softmax(torch.randn(50, 2), dim=1)
    assert set(training.evaluate(model, inputs, soft, nn.functional.cross_entropy)) == {"loss"}


def test_make_mlp_shapes_and_dropout():
    model = training.make_mlp(784, 32, 16, 10, dropout=0.5)
    assert model(torch.zeros(3, 28, 28)).shape == (3, 10)
    assert sum(isinstance(layer, nn.Dropout) for layer in model) == 2
    assert [layer.out_features for layer in model if isinstance(layer, nn.Linear)] == [32, 16, 10]
    assert not any(isinstance(layer, nn.Dropout) for layer in training.make_mlp(4, 3, 2))


def test_make_mlp_needs_two_sizes():
    import pytest

    with pytest.raises(ValueError, match="at least an input and an output"):
        training.make_mlp(10)


def test_fit_with_tuple_targets_passes_every_tensor_to_the_loss():
    torch.manual_seed(0)
    inputs, labels = separable_problem()
    extra = torch.arange(len(inputs), dtype=torch.float32)  # row numbers: checks the indexing
    seen = []

    def loss_fn(outputs, batch_labels, batch_extra):
        assert torch.equal(labels[batch_extra.long()], batch_labels)  # rows stay aligned
        seen.append(len(batch_extra))
        return nn.functional.cross_entropy(outputs, batch_labels)

    model = nn.Linear(2, 2)
    history = training.fit(model, inputs, (labels, extra), loss_fn=loss_fn,
                           optimizer=torch.optim.SGD(model.parameters(), lr=0.5), epochs=3,
                           batch_size=50, validation=(inputs, (labels, extra)), progress=False)
    assert sum(seen) == 3 * len(inputs) + 3 * len(inputs)  # training batches + validation batches
    assert set(history.metrics) == {"train_loss", "train_accuracy", "val_loss", "val_accuracy"}
    assert history["val_accuracy"][-1] > 0.95


def test_predict_count_errors_and_confusion_matrix():
    inputs, labels = separable_problem(200)
    model = nn.Linear(2, 2)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[-1.0, -1.0], [1.0, 1.0]]))
        model.bias.zero_()
    logits = training.predict(model, inputs, batch_size=64)  # several batches
    assert logits.shape == (200, 2)
    assert training.count_errors(model, inputs, labels) == 0
    assert training.count_errors(model, inputs, 1 - labels) == 200
    matrix = training.confusion_matrix(labels, 1 - labels, num_classes=2)
    assert matrix.tolist() == [[0, int((labels == 0).sum())], [int((labels == 1).sum()), 0]]
    assert training.confusion_matrix(torch.tensor([0, 2, 2]), torch.tensor([0, 2, 1]), 3).tolist() == \
        [[1, 0, 0], [0, 0, 0], [0, 1, 1]]


def test_fit_steps_the_scheduler_once_per_epoch():
    inputs, labels = separable_problem(100)
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    training.fit(model, inputs, labels, loss_fn=nn.functional.cross_entropy, optimizer=optimizer,
                 epochs=3, batch_size=10, scheduler=scheduler, progress=False)
    assert optimizer.param_groups[0]["lr"] == 0.125
