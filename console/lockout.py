"""Lock out sign-in after repeated failures, kept in the console database so a restart does not reset it.

Five failed sign-ins for one username within 15 minutes lock that username for 15 minutes from
the last failure, even with the right password. One client address is locked after more
failures (CLIENT_LIMIT), so guessing across many usernames is stopped too, while a shared office
network is not locked out by one person's typing mistakes.
"""
from __future__ import annotations

import time
from typing import Optional

import sqlalchemy as sa

from console.database import sign_in_failures

USER_LIMIT = 5
CLIENT_LIMIT = 20
WINDOW_SECONDS = 15 * 60


class SignInGuard:
    """Counts failed sign-ins per username and per client address."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self._engine = engine

    def locked_until(self, username: str, client: str) -> Optional[float]:
        """When the lock on this username or client ends, or None when sign-in may be tried."""
        now = time.time()
        with self._engine.connect() as connection:
            ends = [
                self._lock_end(connection, key, limit, now)
                for key, limit in ((_user_key(username), USER_LIMIT), (_client_key(client), CLIENT_LIMIT))
            ]
        ends = [end for end in ends if end is not None]
        return max(ends) if ends else None

    def record_failure(self, username: str, client: str) -> None:
        now = time.time()
        with self._engine.begin() as connection:
            connection.execute(sign_in_failures.delete().where(sign_in_failures.c.at < now - WINDOW_SECONDS))
            connection.execute(sign_in_failures.insert(), [
                {"key": _user_key(username), "at": now},
                {"key": _client_key(client), "at": now},
            ])

    def clear(self, username: str) -> None:
        """A successful sign-in forgets that username's failures."""
        with self._engine.begin() as connection:
            connection.execute(sign_in_failures.delete().where(sign_in_failures.c.key == _user_key(username)))

    @staticmethod
    def _lock_end(connection: sa.engine.Connection, key: str, limit: int, now: float) -> Optional[float]:
        count, last = connection.execute(
            sa.select(sa.func.count(), sa.func.max(sign_in_failures.c.at))
            .where(sign_in_failures.c.key == key, sign_in_failures.c.at > now - WINDOW_SECONDS)
        ).one()
        return last + WINDOW_SECONDS if count >= limit else None


def _user_key(username: str) -> str:
    return f"user:{username[:64]}"


def _client_key(client: str) -> str:
    return f"client:{client[:100]}"
