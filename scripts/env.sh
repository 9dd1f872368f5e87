# Embedded defaults for every variable endpoints.yml reads; sourced by the run, shell and
# test scripts. Anything already set in the environment wins, so production overrides.
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:${ACTIONS_PORT:-5055}/webhook}"
export TRACKER_DB_URL="${TRACKER_DB_URL:-sqlite:///var/rasa.db}"
# Quieter TensorFlow start-up logs and no telemetry from Rasa.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export RASA_TELEMETRY_ENABLED=false
mkdir -p var
