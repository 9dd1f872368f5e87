# Embedded defaults for every variable endpoints.yml and scripts/rasa_server.sh read; sourced by
# the run, shell and test scripts. Anything already set in the environment wins, so production
# overrides. With SEN_PROFILE=production the defaults that only suit one machine are refused
# instead: every missing or unsafe setting is named, and nothing starts (docs/deployment.md).
_sen_problems=()
case "${SEN_PROFILE:=embedded}" in
    embedded) ;;
    production)
        case "${TRACKER_DB_URL:-}" in
            postgresql://* | postgresql+psycopg2://*) ;;
            "") _sen_problems+=("TRACKER_DB_URL is not set: give the PostgreSQL database, e.g. postgresql://rasa:PASSWORD@db:5432/rasa") ;;
            *) _sen_problems+=("TRACKER_DB_URL must be a PostgreSQL URL (postgresql://user:password@host:5432/database), not ${TRACKER_DB_URL%%:*}:...: several Rasa instances must share one database") ;;
        esac
        if [ "${LOCK_STORE_TYPE:-}" != locking.SharedRedisLockStore ]; then
            _sen_problems+=("LOCK_STORE_TYPE must be locking.SharedRedisLockStore (it is '${LOCK_STORE_TYPE:-not set}'): the Redis lock store keeps the turns of a conversation in order across Rasa instances")
        fi
        if [ -z "${REDIS_HOST:-}" ]; then
            _sen_problems+=("REDIS_HOST is not set: give the Redis server of the lock store, e.g. redis")
        fi
        case "${RASA_ENABLE_API:-true}" in
            true)
                if [ -z "${RASA_AUTH_TOKEN:-}${RASA_JWT_SECRET:-}" ]; then
                    _sen_problems+=("RASA_AUTH_TOKEN (or RASA_JWT_SECRET) is not set: Rasa's HTTP API would let anyone read and change every conversation. Set a long random token, or RASA_ENABLE_API=false")
                fi
                for _sen_secret in RASA_AUTH_TOKEN RASA_JWT_SECRET; do
                    _sen_value="${!_sen_secret:-}"
                    if [ -n "$_sen_value" ] && [ "${#_sen_value}" -lt 32 ]; then
                        _sen_problems+=("$_sen_secret is shorter than 32 characters: use a long random value, e.g. from 'openssl rand -hex 32'")
                    fi
                done
                ;;
            false) ;;
            *) _sen_problems+=("RASA_ENABLE_API must be true or false, not '${RASA_ENABLE_API}'") ;;
        esac
        for _sen_secret in TRACKER_DB_URL REDIS_PASSWORD RASA_AUTH_TOKEN RASA_JWT_SECRET; do
            case "${!_sen_secret:-}" in
                *CHANGE-ME*) _sen_problems+=("$_sen_secret still holds the CHANGE-ME placeholder of deploy/production.env.example") ;;
            esac
        done
        if [ -z "${CORS_ORIGINS:-}" ]; then
            _sen_problems+=("CORS_ORIGINS is not set: list the council sites whose pages embed the widget, e.g. CORS_ORIGINS='https://www.exampleshire.gov.uk'")
        fi
        if [ -z "${ALLOWED_ORIGINS:-}" ]; then
            _sen_problems+=("ALLOWED_ORIGINS is not set: list the council sites that may send feedback and erase conversations (usually the same as CORS_ORIGINS)")
        fi
        ;;
    *) _sen_problems+=("SEN_PROFILE must be 'embedded' (one machine, the default) or 'production', not '${SEN_PROFILE}'") ;;
esac

export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:${ACTIONS_PORT:-5055}/webhook}"
export TRACKER_DB_URL="${TRACKER_DB_URL:-sqlite:///var/rasa.db}"
# The lock store: in_memory for one Rasa instance; the REDIS_* values are read only by
# locking.SharedRedisLockStore. An empty REDIS_PASSWORD means none.
export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-in_memory}"
export REDIS_HOST="${REDIS_HOST:-localhost}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_DB="${REDIS_DB:-1}"
export REDIS_PASSWORD="${REDIS_PASSWORD:-}"
export REDIS_KEY_PREFIX="${REDIS_KEY_PREFIX:-sen}"
# The Rasa server (scripts/rasa_server.sh): address, the HTTP API, browser origins, body limit.
export RASA_PORT="${RASA_PORT:-5005}"
export RASA_INTERFACE="${RASA_INTERFACE:-127.0.0.1}"
export RASA_ENABLE_API="${RASA_ENABLE_API:-true}"
export RASA_MAX_BODY_BYTES="${RASA_MAX_BODY_BYTES:-65536}"
export WEBAPP_PORT="${WEBAPP_PORT:-8080}"
export CORS_ORIGINS="${CORS_ORIGINS:-http://127.0.0.1:$WEBAPP_PORT http://localhost:$WEBAPP_PORT}"
case " $CORS_ORIGINS " in
    *"*"*) _sen_problems+=("CORS_ORIGINS must not contain '*': any website could then talk to the assistant in a parent's name. List the council sites instead") ;;
esac
# Quieter TensorFlow start-up logs and no telemetry from Rasa.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export RASA_TELEMETRY_ENABLED=false

if [ "${#_sen_problems[@]}" -gt 0 ]; then
    {
        echo "Refusing to start (SEN_PROFILE=$SEN_PROFILE):"
        printf -- '- %s\n' "${_sen_problems[@]}"
        echo "Every variable is described in docs/deployment.md."
    } >&2
    unset _sen_problems _sen_secret _sen_value
    return 1 2>/dev/null || exit 1
fi
unset _sen_problems _sen_secret _sen_value
mkdir -p var
