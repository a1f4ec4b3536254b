#!/usr/bin/env bash
# Set up .venv if needed, then run every test:
#   - tests/helpers: unit tests of the helpers package;
#   - tests/book: each chapter is a synced Jupytext pair, its outputs come from a full run of
#     its current code, the config is right, and `jupyter-book build -W` passes;
#   - chapters/**/*.ipynb: every chapter executed from a fresh kernel in the smoke profile
#     (nbval --nbval-lax), comparing the cells marked `# NBVAL_CHECK_OUTPUT`.
# Extra arguments go to pytest (e.g. `bash tools/test.sh tests/helpers -x`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export NNDL_PROFILE=smoke MPLBACKEND=Agg
exec .venv/bin/python -m pytest "$@"
