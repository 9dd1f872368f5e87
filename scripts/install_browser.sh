#!/usr/bin/env bash
# The tools the browser tests need (tests/browser/): Debian's Chromium, and the npm packages
# playwright-core (drives it) and axe-core (accessibility checks) at the versions locked in
# tests/browser/package-lock.json. Idempotent: anything already there is skipped, so
# `make test` can call it every time at no cost.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    scripts/apt_install.sh "Chromium (Debian package) for the browser tests" \
        "Chromium is missing at $CHROMIUM and there is no apt-get: install Chromium and set CHROMIUM." \
        chromium fonts-dejavu-core
fi

if ! command -v npm >/dev/null; then
    echo "npm is missing: install Node.js 18 or newer (e.g. apt-get install nodejs npm)." >&2
    exit 1
fi
MODULES=tests/browser/node_modules
if [ ! -f "$MODULES/playwright-core/package.json" ] || [ ! -f "$MODULES/axe-core/axe.min.js" ] \
   || [ tests/browser/package-lock.json -nt "$MODULES/.package-lock.json" ]; then
    echo "Installing playwright-core and axe-core into $MODULES..."
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
