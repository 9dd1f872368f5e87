"""Delete stored conversations: all of one parent's, or every one older than N days.

Rasa Open Source keeps every conversation for ever. Councils must keep children's data no
longer than needed, so a scheduler (cron, a Kubernetes CronJob) runs
`scripts/delete_old_conversations.py` daily, and the widget's "Delete this conversation"
erases one conversation at once. Both work on the tracker store's own table, in SQLite or
PostgreSQL, through the database URL in TRACKER_DB_URL.
"""
from __future__ import annotations

import time
from typing import Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

EVENTS = SQLTrackerStore.SQLEvent.__table__
SECONDS_PER_DAY = 86_400


def engine_for(url: str) -> sa.engine.Engine:
    """An engine on the tracker store's database."""
    return sa.create_engine(url)


def delete_conversations_older_than(engine: sa.engine.Engine, days: float, now: Optional[float] = None) -> int:
    """Delete every conversation whose latest event is older than `days`; return how many."""
    cutoff = (now if now is not None else time.time()) - days * SECONDS_PER_DAY
    with engine.begin() as connection:
        EVENTS.create(connection, checkfirst=True)
        stale = (
            sa.select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(sa.func.max(EVENTS.c.timestamp) < cutoff)
        )
        senders = [row.sender_id for row in connection.execute(stale)]
        for start in range(0, len(senders), 500):
            connection.execute(EVENTS.delete().where(EVENTS.c.sender_id.in_(senders[start:start + 500])))
    return len(senders)


def delete_conversation(engine: sa.engine.Engine, sender_id: str) -> int:
    """Erase one conversation completely; return the number of events removed."""
    with engine.begin() as connection:
        EVENTS.create(connection, checkfirst=True)
        return connection.execute(EVENTS.delete().where(EVENTS.c.sender_id == sender_id)).rowcount
