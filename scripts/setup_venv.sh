#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the exact lock in requirements.txt.
# Re-run only when requirements.txt changes (the Makefile tracks a stamp file).
set -euo pipefail
cd "$(dirname "$0")/.."

python="$(scripts/find_python.sh)"
if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)'; then
    echo "Existing .venv is not Python 3.10: recreating it." >&2
    rm -rf .venv
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
echo "Installing pinned dependencies into .venv (Python: $python) ..."
.venv/bin/python -m pip install --quiet --upgrade "pip>=23,<27"
.venv/bin/python -m pip install --quiet --requirement requirements.txt
