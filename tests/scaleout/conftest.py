"""The scale-out tests need nginx (scripts/install_nginx.sh), PostgreSQL and Redis on this machine."""
from __future__ import annotations

import os

import psycopg2
import pytest
import redis

from tests.support.databases import POSTGRES_ADMIN_URL
from tests.support.topology import REDIS_HOST, REDIS_PORT, nginx_binary, redis_client


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "scaleout: runs the production topology (nginx, PostgreSQL, Redis)")


@pytest.fixture(scope="session", autouse=True)
def scaleout_services() -> None:
    """Fail with what to do, rather than with a connection error deep inside a test."""
    missing = []
    if not os.access(nginx_binary(), os.X_OK):
        missing.append(f"nginx at {nginx_binary()} (run scripts/install_nginx.sh; make test does it)")
    try:
        psycopg2.connect(POSTGRES_ADMIN_URL).close()
    except psycopg2.Error as error:
        missing.append(f"PostgreSQL at {POSTGRES_ADMIN_URL} ({str(error).strip()})")
    try:
        redis_client().ping()
    except redis.RedisError as error:
        missing.append(f"Redis at {REDIS_HOST}:{REDIS_PORT} ({error})")
    if missing:
        pytest.fail("The scale-out tests need: " + "; ".join(missing))
