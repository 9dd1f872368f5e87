"""The two calls the web app makes to Rasa's HTTP API, and the erasure of stored events.

Rasa must run with `--enable-api` (scripts/run.sh does). If it also runs with `--auth-token`,
the same token is sent as `?token=`.

Erasing: Rasa's `PUT /conversations/<id>/tracker/events` with `[]` replaces the tracker in the
in-memory, Redis and Mongo stores, but its SQL store only ever *appends* the events it has not
stored yet, so on SQL the old events stay. When TRACKER_DB_URL names that SQL store, the web
app therefore also deletes the conversation's rows from Rasa's `events` table itself.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional
from urllib.parse import quote

import aiohttp

from privacy.retention import delete_conversation, engine_for

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=15)


class RasaUnavailable(Exception):
    """Rasa could not be reached or refused the request; the message says which."""


class RasaApi:
    """A small client for the conversation endpoints of Rasa's HTTP API."""

    def __init__(self, base_url: str, token: Optional[str] = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._session: Optional[aiohttp.ClientSession] = None

    async def open(self) -> None:
        self._session = aiohttp.ClientSession(timeout=TIMEOUT)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _events_url(self, sender: str) -> str:
        return f"{self.base_url}/conversations/{quote(sender, safe='')}/tracker/events"

    async def _request(self, method: str, url: str, body: Any, *, read_json: bool = False) -> Any:
        """Send `body` as JSON; return Rasa's decoded JSON reply when `read_json`, else None."""
        if self._session is None:
            raise RuntimeError("RasaApi.open() was not called")
        params = {"token": self.token} if self.token else None
        try:
            async with self._session.request(method, url, json=body, params=params) as reply:
                if reply.status >= 400:
                    detail = (await reply.text())[:300]
                    raise RasaUnavailable(f"Rasa answered {reply.status} to {method} {url}: {detail}")
                return await reply.json(content_type=None) if read_json else None
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(f"Rasa could not be reached at {self.base_url}: {error!r}") from None

    async def set_slot(self, sender: str, name: str, value: Any) -> None:
        """Append a `slot` event to the conversation, as if an action had set it."""
        await self._request("POST", self._events_url(sender), {"event": "slot", "name": name, "value": value})

    async def replace_events(self, sender: str, events: list) -> None:
        """Replace the conversation's tracker with `events` (`[]` empties it)."""
        await self._request("PUT", self._events_url(sender), events)


class SqlEventsEraser:
    """Deletes a conversation's rows from Rasa's SQL tracker store (privacy.retention)."""

    def __init__(self, url: str) -> None:
        self._engine = engine_for(url)

    async def erase(self, sender: str) -> int:
        """Delete every stored event of `sender`; return how many rows went."""
        return await asyncio.get_running_loop().run_in_executor(None, delete_conversation, self._engine, sender)

    def close(self) -> None:
        self._engine.dispose()


def eraser_for(url: Optional[str]) -> Optional[SqlEventsEraser]:
    """An eraser for a SQL tracker store URL (as in endpoints.yml), or None for anything else."""
    if not url or "://" not in url:
        return None
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower()
    if scheme not in {"sqlite", "postgresql", "postgres", "mysql", "mssql", "oracle"}:
        return None
    return SqlEventsEraser(url)
