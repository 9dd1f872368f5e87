#!/usr/bin/env bash
# nginx for the scale-out tests (tests/scaleout/) and `make load`: Debian's package, installed
# only when no nginx is on the PATH (or at $NGINX). Idempotent and quiet, so `make test` can call
# it every time at no cost. The tests start their own nginx with their own config and port; the
# system service the package sets up is not used, so a fresh install leaves it stopped.
set -euo pipefail

NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [ -x "$NGINX" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "nginx is missing and there is no apt-get: install nginx 1.18 or newer and set NGINX to its path." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing nginx (Debian package) for the scale-out tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now --quiet nginx || true
fi
