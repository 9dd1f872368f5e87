#!/usr/bin/env bash
# Score the trained model on the shared held-out dev set (../shared/eval/dev.yml) with the
# shared scorer: starts a Rasa server with the HTTP API on a spare port, scores, stops it.
# MODEL=path/to/model.tar.gz scores another model (e.g. one trained with other settings).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
port="${SCORE_PORT:-5095}"
export TRACKER_DB_URL="sqlite:///var/score.db"
.venv/bin/rasa run --model "${MODEL:-models/sen-assistant.tar.gz}" --enable-api --interface 127.0.0.1 \
    --port "$port" --endpoints endpoints.yml > var/score-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$port/status" 2>/dev/null && break; sleep 0.5; done
.venv/bin/python ../shared/eval/score.py --url "http://127.0.0.1:$port" --file "${EVAL_FILE:-../shared/eval/dev.yml}" "$@"
