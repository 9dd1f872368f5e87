#!/usr/bin/env bash
# Start the staff console (console/): the web pages where SENDIASS staff check the assistant.
# Start the assistant first (make run, in another terminal); the console talks to its Rasa
# server (RASA_URL, by default the one make run starts) and reads its conversation database
# (TRACKER_DB_URL, the same default as make run). It refuses to start without
# CONSOLE_SECRET_KEY and staff accounts (CONSOLE_ACCOUNTS or CONSOLE_PASSWORD_HASH); make a
# password hash with `.venv/bin/python -m console.hash_password`. Every setting: console/config.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

export RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}"
export RASA_TOKEN="${RASA_TOKEN:-${RASA_AUTH_TOKEN:-}}"
export CONSOLE_DB_URL="${CONSOLE_DB_URL:-sqlite:///var/console.db}"
exec .venv/bin/python -m console
