"""Test-wide settings.

Notebook tests (nbval over chapters/**/*.ipynb) start a fresh kernel that inherits this
process's environment, so setting NNDL_PROFILE here forces every chapter into the fast
smoke profile without editing it -- the same override a reader can use.
"""

import os

os.environ["NNDL_PROFILE"] = "smoke"
os.environ["NNDL_STRICT"] = "1"   # a failed claim check stops the notebook (helpers.results.check)
os.environ.setdefault("MPLBACKEND", "Agg")
