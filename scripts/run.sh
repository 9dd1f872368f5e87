#!/usr/bin/env bash
# Start the action server, the Rasa server and the web app (widget files and demo Local Offer
# page), or with --shell a terminal chat, with the embedded defaults from scripts/env.sh.
# Ctrl-C stops everything this script started.
# Ports and addresses: RASA_PORT (5005), ACTIONS_PORT (5055), RASA_INTERFACE (127.0.0.1),
# ACTIONS_INTERFACE (127.0.0.1: the action server is for Rasa only), WEBAPP_PORT (8080),
# CORS_ORIGINS (space-separated origins allowed to call Rasa from a browser; by default the web
# app's demo page). Rasa starts through scripts/rasa_server.sh (HTTP API token, body limit).
# The web app reads the rest of its settings from the environment (webapp/config.py), e.g.
# ALLOWED_ORIGINS for the council sites; it calls Rasa's API with RASA_TOKEN (RASA_AUTH_TOKEN).
# SEN_PROFILE=production refuses the embedded defaults (scripts/env.sh, docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export ACTIONS_INTERFACE="${ACTIONS_INTERFACE:-127.0.0.1}"
MODEL="models/sen-assistant.tar.gz"

pids=()
stop_all() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

wait_for() {  # wait_for URL NAME: poll until the URL answers, or fail after 120 s
    for _ in $(seq 1 240); do
        if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
        for pid in "${pids[@]}"; do
            kill -0 "$pid" 2>/dev/null || { echo "$2 stopped while starting: see its messages above." >&2; exit 1; }
        done
        sleep 0.5
    done
    echo "$2 did not become ready at $1 within 120 s." >&2
    exit 1
}

.venv/bin/python scripts/check_councils.py
.venv/bin/python -m actions.server --port "$ACTIONS_PORT" --interface "$ACTIONS_INTERFACE" &
pids+=($!)
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" "The action server"

if [ "${1:-}" = "--shell" ]; then
    .venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml
    exit 0
fi

RASA_MODEL="$MODEL" scripts/rasa_server.sh &
pids+=($!)
wait_for "http://127.0.0.1:$RASA_PORT/webhooks/rest/" "The Rasa server"

RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}" RASA_TOKEN="${RASA_TOKEN:-${RASA_AUTH_TOKEN:-}}" \
    .venv/bin/python -m webapp &
pids+=($!)
wait_for "http://127.0.0.1:$WEBAPP_PORT/health" "The web app"
echo
echo "The assistant is ready."
echo "  REST webhook: http://$RASA_INTERFACE:$RASA_PORT/webhooks/rest/webhook"
case "$TRACKER_DB_URL" in  # never print the database password
    *@*) echo "  Conversations are kept in ${TRACKER_DB_URL%%://*}://***@${TRACKER_DB_URL##*@}" ;;
    *) echo "  Conversations are kept in ${TRACKER_DB_URL}" ;;
esac
echo "Demo Local Offer page: http://127.0.0.1:$WEBAPP_PORT/"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
