#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or explain what to install and fail.
#
# Rasa 3.6 supports Python 3.8-3.10 only; on a newer Python pip silently falls back to
# rasa 1.10 and fails much later with an unrelated build error, so we refuse early.
# Looks at $PYTHON, then python3.10 on PATH, then every pyenv-installed 3.10.x.
set -euo pipefail

is_py310() {
    [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

candidates=("${PYTHON:-}")
if command -v python3.10 >/dev/null 2>&1; then
    candidates+=("$(command -v python3.10)")
fi
pyenv_root="${PYENV_ROOT:-}"
if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then
    pyenv_root="$(pyenv root)"
fi
pyenv_root="${pyenv_root:-$HOME/.pyenv}"
for dir in $(ls -d "$pyenv_root"/versions/3.10.* 2>/dev/null | sort -V -r); do
    candidates+=("$dir/bin/python3.10")
done

for python in "${candidates[@]}"; do
    if is_py310 "$python"; then
        echo "$python"
        exit 0
    fi
done

cat >&2 <<'MSG'
No Python 3.10 found. Rasa 3.6 runs only on Python 3.8 to 3.10 (not 3.11 or newer).
Install Python 3.10 and run the command again, for example:
  pyenv install 3.10          (with pyenv), or
  sudo apt-get install python3.10 python3.10-venv   (Debian/Ubuntu with a 3.10 package)
or point PYTHON at an existing interpreter:  PYTHON=/path/to/python3.10 make run
MSG
exit 1
