#!/usr/bin/env bash
# The whole test suite, as CI runs it: unit tests, data validation, test stories, and tests
# through the real running servers. Extra arguments go to pytest (e.g. -k webhook).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec .venv/bin/python -m pytest "$@"
