#!/usr/bin/env bash
# Install Debian packages quietly (with sudo when not root), for a tool a test setup needs.
#   scripts/apt_install.sh "<what, for whom>" "<what to do without apt-get>" package...
# Used by install_browser.sh and install_nginx.sh, which first check whether the tool is there.
set -euo pipefail
purpose="$1" without_apt="$2"
shift 2
if ! command -v apt-get >/dev/null; then
    echo "$without_apt" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing $purpose..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
