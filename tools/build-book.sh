#!/usr/bin/env bash
# Set up .venv if needed, then build the book into _build/html from the committed,
# already-executed notebooks (building never trains a model; tools/execute.py does that).
# Warnings are errors, so a broken reference or a malformed page stops the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/jupyter-book build . -W -n --keep-going
echo "The book is in _build/html/index.html"
