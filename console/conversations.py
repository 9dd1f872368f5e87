"""Read parents' conversations from Rasa's SQL tracker store (TRACKER_DB_URL), for staff review.

Only ever reads, except `erase`, which deletes the console's own test conversations. Messages
were redacted when stored (privacy/tracker_store.py); every text is redacted again before it is
shown, in case rows were written by something else (an older version, a copy of the database).
Conversations whose id starts with STAFF_PREFIX are staff trials and never counted.
"""
from __future__ import annotations

import asyncio
import json
import re
from functools import partial
from typing import Any, Callable, Dict, List, TypeVar

import sqlalchemy as sa

from privacy.redaction import redact
from privacy.retention import EVENTS, delete_conversation, engine_for

STAFF_PREFIX = "staff-console-"
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
T = TypeVar("T")


class TrackerStore:
    """The assistant's conversation database, as the console uses it."""

    def __init__(self, url: str) -> None:
        self.engine = engine_for(url)

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """Run a blocking database function off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(None, partial(work, self.engine, *args))

    async def erase(self, sender_id: str) -> int:
        """Delete one (staff trial) conversation; return how many events went."""
        return await self.run(delete_conversation, sender_id)

    def close(self) -> None:
        self.engine.dispose()


def answering_actions(engine: sa.engine.Engine, sender_id: str) -> List[str]:
    """The actions that answered in one conversation, in order (not listening or session start)."""
    with engine.connect() as connection:
        names = connection.execute(
            sa.select(EVENTS.c.action_name)
            .where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "action")
            .order_by(EVENTS.c.id)
        ).scalars().all()
    return [name for name in names if name and name not in ("action_listen", "action_session_start")]


def parent_events(*conditions: Any) -> sa.sql.Select:
    """Events of parents' conversations (not staff trials) that meet `conditions`."""
    return sa.select(EVENTS).where(~EVENTS.c.sender_id.startswith(STAFF_PREFIX, autoescape=True), *conditions)


def event_data(row: Any) -> Dict[str, Any]:
    """The event's stored JSON, or {} when it is unreadable."""
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def clean_text(text: str) -> str:
    """A message as staff may see it: personal details redacted, on one line, no control characters."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", redact(text))).strip()
