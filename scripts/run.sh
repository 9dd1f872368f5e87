#!/usr/bin/env bash
# Start the action server, the Rasa server and the web app (widget files and demo Local Offer
# page), or with --shell a terminal chat, with the embedded defaults from scripts/env.sh.
# Ctrl-C stops everything this script started.
# Ports and addresses: RASA_PORT (5005), ACTIONS_PORT (5055), RASA_INTERFACE (127.0.0.1),
# WEBAPP_PORT (8080), CORS_ORIGINS (space-separated origins allowed to call Rasa from a
# browser; by default the web app's demo page). The web app reads the rest of its settings
# from the environment (webapp/config.py), e.g. ALLOWED_ORIGINS for the council sites.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
RASA_INTERFACE="${RASA_INTERFACE:-127.0.0.1}"
WEBAPP_PORT="${WEBAPP_PORT:-8080}"
CORS_ORIGINS="${CORS_ORIGINS:-http://127.0.0.1:$WEBAPP_PORT http://localhost:$WEBAPP_PORT}"
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
.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)
wait_for "http://127.0.0.1:$ACTIONS_PORT/health" "The action server"

if [ "${1:-}" = "--shell" ]; then
    .venv/bin/rasa shell --model "$MODEL" --endpoints endpoints.yml
    exit 0
fi

# shellcheck disable=SC2086  # CORS_ORIGINS is a list
.venv/bin/rasa run --model "$MODEL" --enable-api --interface "$RASA_INTERFACE" --port "$RASA_PORT" \
    --cors $CORS_ORIGINS --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)
wait_for "http://127.0.0.1:$RASA_PORT/status" "The Rasa server"

WEBAPP_PORT="$WEBAPP_PORT" RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}" .venv/bin/python -m webapp &
pids+=($!)
wait_for "http://127.0.0.1:$WEBAPP_PORT/health" "The web app"
echo
echo "The assistant is ready."
echo "  REST webhook: http://$RASA_INTERFACE:$RASA_PORT/webhooks/rest/webhook"
echo "  Conversations are kept in ${TRACKER_DB_URL}"
echo "Demo Local Offer page: http://127.0.0.1:$WEBAPP_PORT/"
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
