"""One figure style for the whole book, and the plots several chapters draw.

Figure text is in English: Matplotlib does not shape Persian script, and the narrative
around every figure says in both languages what it shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

BOOK_STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 110,
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
}


def use_book_style() -> None:
    """Apply the book's Matplotlib style and table display (call once in a chapter's setup cell).

    Tables show their full text: pandas would otherwise cut cells such as the quantities
    of the "this book vs reported" table at 50 characters.
    """
    import pandas as pd

    plt.rcParams.update(BOOK_STYLE)
    pd.set_option("display.max_colwidth", None)


def plot_curves(curves: dict, *, xlabel: str = "epoch", ylabel: str = "loss", title: str = "",
                logy: bool = False, ax=None):
    """Plot several named curves (``{"label": [values...]}``) against 1, 2, 3, ... on one axes."""
    ax = ax or plt.subplots()[1]
    for label, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if logy:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend()
    return ax


def plot_confusion_matrix(matrix, class_names, *, title: str = "Confusion matrix", ax=None):
    """Draw a confusion matrix (rows: true class, columns: predicted) with counts in the cells."""
    matrix = np.asarray(matrix)
    ax = ax or plt.subplots(figsize=(5, 4.5))[1]
    ax.imshow(matrix, cmap="Blues")
    ticks = np.arange(len(class_names))
    ax.set(xticks=ticks, yticks=ticks, xticklabels=class_names, yticklabels=class_names,
           xlabel="predicted class", ylabel="true class", title=title)
    ax.grid(False)
    threshold = matrix.max() / 2
    for (row, col), count in np.ndenumerate(matrix):
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8,
                color="white" if count > threshold else "black")
    return ax


def plot_decision_regions(predict, inputs, labels, *, title: str = "", ax=None,
                          resolution: int = 300, margin: float = 0.5,
                          feature_names=("$x_1$", "$x_2$")):
    """Shade the plane by ``predict`` and scatter the 2-D points ``inputs`` coloured by ``labels``.

    ``predict`` maps an ``(n, 2)`` array to ``n`` labels. Works for any classifier, from a
    hand-written Madaline to a scikit-learn model (pass ``model.predict``).
    """
    inputs, labels = np.asarray(inputs), np.asarray(labels)
    ax = ax or plt.subplots()[1]
    low, high = inputs.min(axis=0) - margin, inputs.max(axis=0) + margin
    grid_x, grid_y = np.meshgrid(np.linspace(low[0], high[0], resolution),
                                 np.linspace(low[1], high[1], resolution))
    regions = np.asarray(predict(np.c_[grid_x.ravel(), grid_y.ravel()])).reshape(grid_x.shape)
    classes = np.unique(labels)
    # one colour band per class: boundaries half-way between consecutive class values
    bounds = np.concatenate([[classes[0] - 1], (classes[:-1] + classes[1:]) / 2, [classes[-1] + 1]])
    ax.contourf(grid_x, grid_y, regions, levels=bounds, alpha=0.25, cmap="coolwarm")
    for value, colour in zip(classes, plt.cm.coolwarm(np.linspace(0, 1, len(classes)))):
        chosen = labels == value
        ax.scatter(inputs[chosen, 0], inputs[chosen, 1], s=12, color=colour,
                   edgecolor="k", linewidth=0.3, label=f"class {value}")
    ax.set(xlabel=feature_names[0], ylabel=feature_names[1], title=title)
    ax.legend(loc="best")
    return ax
