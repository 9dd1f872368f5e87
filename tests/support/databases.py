"""Real databases for tests: a SQLite file, or a fresh database on this machine's PostgreSQL."""
from __future__ import annotations

import contextlib
import uuid
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def temporary_postgres_database(prefix: str) -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, then drop it (even if in use)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def database_url(kind: str, folder: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database of `kind` ("sqlite" in `folder`, or "postgresql")."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{prefix}.db'}"
    else:
        with temporary_postgres_database(prefix) as url:
            yield url
