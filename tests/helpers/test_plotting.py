import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from helpers import plotting  # noqa: E402


def test_book_style_is_applied():
    import pandas as pd

    plotting.use_book_style()
    assert plt.rcParams["axes.grid"] is True
    assert pd.get_option("display.max_colwidth") is None
    assert plt.rcParams["figure.dpi"] == plotting.BOOK_STYLE["figure.dpi"]


def test_plot_curves_draws_one_line_per_curve_from_epoch_one():
    ax = plotting.plot_curves({"train": [3, 2, 1], "validation": [3, 2.5, 2]}, logy=True, title="t")
    assert len(ax.lines) == 2
    assert ax.lines[0].get_xdata().tolist() == [1, 2, 3]
    assert ax.get_yscale() == "log" and ax.get_legend() is not None
    plt.close("all")


def test_confusion_matrix_writes_every_count():
    ax = plotting.plot_confusion_matrix([[5, 1], [2, 7]], ["cat", "dog"])
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "5", "7"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    plt.close("all")


def test_decision_regions_call_the_classifier_on_a_grid():
    calls = []

    def predict(points):
        calls.append(points.shape)
        return np.where(points[:, 0] > 0, 1, -1)

    inputs = np.array([[-1.0, 0.0], [1.0, 0.5], [0.5, -1.0]])
    ax = plotting.plot_decision_regions(predict, inputs, np.array([-1, 1, 1]), resolution=20)
    assert calls == [(400, 2)]
    assert len(ax.collections) >= 2  # the shaded regions and one scatter per class
    plt.close("all")
