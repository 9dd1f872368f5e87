#!/usr/bin/env bash
# One Rasa server: the REST webhook the widget talks to, and Rasa's HTTP API when
# RASA_ENABLE_API=true, protected by RASA_AUTH_TOKEN and/or RASA_JWT_SECRET when set.
# scripts/run.sh, docker-compose.yml and the scale-out tests all start Rasa this way, through
# rasa_runtime (Rasa's own command line with our speed fixes).
# Settings come from the environment (scripts/env.sh gives the defaults and, with
# SEN_PROFILE=production, refuses unsafe ones); the model is RASA_MODEL.
# Request bodies over RASA_MAX_BODY_BYTES get 413 (Sanic reads SANIC_REQUEST_MAX_SIZE); the
# limit is set for this process only, as the action server receives whole conversations.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# shellcheck disable=SC2206  # CORS_ORIGINS is a space-separated list
args=(run --model "${RASA_MODEL:-models/sen-assistant.tar.gz}" --interface "$RASA_INTERFACE" --port "$RASA_PORT"
      --endpoints endpoints.yml --credentials credentials.yml --cors $CORS_ORIGINS)
if [ "$RASA_ENABLE_API" = true ]; then
    args+=(--enable-api)
    if [ -n "${RASA_AUTH_TOKEN:-}" ]; then args+=(--auth-token "$RASA_AUTH_TOKEN"); fi
    if [ -n "${RASA_JWT_SECRET:-}" ]; then args+=(--jwt-secret "$RASA_JWT_SECRET"); fi
fi
SANIC_REQUEST_MAX_SIZE="$RASA_MAX_BODY_BYTES" exec .venv/bin/python -m rasa_runtime "${args[@]}"  # rasa run, with rasa_runtime/ speed fixes
