"""Small helpers shared by the chapters of *Neural Networks and Deep Learning: Worked Solutions*.

The package is deliberately thin, in the spirit of d2l's ``d2l`` package: every function is
short enough to read in one go. Modules by purpose:

- ``helpers.runtime``  -- execution profile, seeding, device choice, a run clock;
- ``helpers.data``     -- where data sets live (``NNDL_DATA``) and loaders that return tensors;
- ``helpers.training`` -- an MLP builder and a mini-batch training loop over tensors with a
  per-epoch history; predictions, error counts and confusion matrices;
- ``helpers.distillation`` -- knowledge-distillation losses (soft targets with T², logit matching);
- ``helpers.plotting`` -- the book's figure style, curves, confusion matrix, decision regions;
- ``helpers.results``  -- recording a chapter's numbers and the "this book vs reported" table.

Nothing here imports torch at package import time, so NumPy-only chapters stay light.
"""

__version__ = "0.1.0"
