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
"$(dirname "$0")/apt_install.sh" "nginx (Debian package) for the scale-out tests" \
    "nginx is missing and there is no apt-get: install nginx 1.18 or newer and set NGINX to its path." nginx
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO systemctl disable --now --quiet nginx || true
fi
