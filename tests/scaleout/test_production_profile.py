"""SEN_PROFILE=production refuses to start on settings that only suit one machine, and says why.

The scripts an operator runs (scripts/env.sh through scripts/run.sh and scripts/rasa_server.sh)
are run here as they are; the Redis check runs inside a real Rasa start-up.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Dict, Iterator

import pytest

from tests.support.databases import temporary_postgres_database
from tests.support.paths import MODEL, ROOT
from tests.support.servers import free_port
from tests.support.topology import COUNCIL_SITE, REDIS_HOST

TOKEN = "t" * 40
PRODUCTION: Dict[str, str] = {
    "SEN_PROFILE": "production",
    "TRACKER_DB_URL": "postgresql://rasa:db-password-here@127.0.0.1:5432/rasa",
    "LOCK_STORE_TYPE": "locking.SharedRedisLockStore",
    "REDIS_HOST": REDIS_HOST,
    "RASA_AUTH_TOKEN": TOKEN,
    "CORS_ORIGINS": COUNCIL_SITE,
    "ALLOWED_ORIGINS": COUNCIL_SITE,
}
SETTINGS = (*PRODUCTION, "REDIS_PORT", "REDIS_DB", "REDIS_PASSWORD", "REDIS_KEY_PREFIX", "RASA_ENABLE_API",
            "RASA_JWT_SECRET")


def environment(**changes: str) -> Dict[str, str]:
    """This process's environment without any of the settings, then the production ones and `changes`."""
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    env.update(PRODUCTION)
    env.update(changes)
    return {name: value for name, value in env.items() if value != "<unset>"}


def source_env(**changes: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", "source scripts/env.sh"], cwd=ROOT, env=environment(**changes),
                          capture_output=True, text=True, timeout=30)


def test_complete_production_settings_are_accepted() -> None:
    assert source_env().returncode == 0
    assert source_env(RASA_AUTH_TOKEN="<unset>", RASA_ENABLE_API="false").returncode == 0, \
        "no token is needed when the HTTP API is off"


@pytest.mark.parametrize("changes, named", [
    ({"RASA_AUTH_TOKEN": "<unset>"}, "RASA_AUTH_TOKEN (or RASA_JWT_SECRET) is not set"),
    ({"RASA_AUTH_TOKEN": "secret"}, "RASA_AUTH_TOKEN is shorter than 32 characters"),
    ({"TRACKER_DB_URL": "sqlite:///var/rasa.db"}, "TRACKER_DB_URL must be a PostgreSQL URL"),
    ({"TRACKER_DB_URL": "<unset>"}, "TRACKER_DB_URL is not set"),
    ({"LOCK_STORE_TYPE": "in_memory"}, "LOCK_STORE_TYPE must be locking.SharedRedisLockStore (it is 'in_memory')"),
    ({"REDIS_HOST": "<unset>"}, "REDIS_HOST is not set"),
    ({"CORS_ORIGINS": "<unset>"}, "CORS_ORIGINS is not set"),
    ({"CORS_ORIGINS": "*"}, "CORS_ORIGINS must not contain '*'"),
    ({"ALLOWED_ORIGINS": "<unset>"}, "ALLOWED_ORIGINS is not set"),
    ({"REDIS_PASSWORD": "CHANGE-ME"}, "REDIS_PASSWORD still holds the CHANGE-ME placeholder"),
    ({"SEN_PROFILE": "prod"}, "SEN_PROFILE must be 'embedded'"),
])
def test_each_unsafe_setting_is_refused_by_name(changes: Dict[str, str], named: str) -> None:
    refused = source_env(**changes)
    assert refused.returncode != 0
    assert named in refused.stderr
    assert "docs/deployment.md" in refused.stderr


def test_every_problem_is_listed_at_once_without_printing_secrets() -> None:
    refused = source_env(TRACKER_DB_URL="mysql://rasa:db-password-here@db/rasa", RASA_AUTH_TOKEN="short-secret",
                         CORS_ORIGINS="<unset>")
    assert refused.returncode != 0
    assert [line.split(" ")[1] for line in refused.stderr.splitlines() if line.startswith("- ")] == \
        ["TRACKER_DB_URL", "RASA_AUTH_TOKEN", "CORS_ORIGINS"]
    assert "db-password-here" not in refused.stderr and "short-secret" not in refused.stderr


@pytest.mark.parametrize("script", ["scripts/run.sh", "scripts/rasa_server.sh"])
def test_the_start_scripts_stop_before_starting_anything(script: str) -> None:
    refused = subprocess.run([script], cwd=ROOT, env=environment(RASA_AUTH_TOKEN="<unset>"),
                             capture_output=True, text=True, timeout=30)
    assert refused.returncode != 0
    assert "RASA_AUTH_TOKEN (or RASA_JWT_SECRET) is not set" in refused.stderr
    assert "ready" not in refused.stdout


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with temporary_postgres_database("sen_profile") as url:
        yield url


def test_rasa_refuses_to_start_when_redis_cannot_be_reached(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "rasa.log"
    env = environment(TRACKER_DB_URL=database_url, REDIS_PORT=str(free_port()), REDIS_PASSWORD="redis-password-here",
                      LOCK_STORE_CONNECT_ATTEMPTS="1", RASA_PORT=str(free_port()), RASA_MODEL=str(MODEL))
    with open(log, "wb") as out:
        started = subprocess.run(["scripts/rasa_server.sh"], cwd=ROOT, env=env, stdout=out,
                                 stderr=subprocess.STDOUT, timeout=300)
    text = log.read_text()
    assert started.returncode != 0
    assert "Refusing to start: the lock store Redis at" in text
    assert f"{REDIS_HOST}:{env['REDIS_PORT']}" in text and "REDIS_PASSWORD" in text
    assert "redis-password-here" not in text

