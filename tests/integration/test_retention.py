"""Retention and erasure against real databases: the embedded SQLite and this machine's PostgreSQL."""
from __future__ import annotations

import json
import time
from typing import Iterator

import pytest
import sqlalchemy as sa

from privacy.retention import EVENTS, delete_conversation, delete_conversations_older_than, engine_for
from tests.support.databases import database_url

DAY = 86_400


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[sa.engine.Engine]:
    with database_url(request.param, tmp_path, "retention") as url:
        database = engine_for(url)
        yield database
        database.dispose()


def add_conversation(engine: sa.engine.Engine, sender: str, last_seen: float, first_seen: float = 0) -> None:
    with engine.begin() as connection:
        EVENTS.create(connection, checkfirst=True)
        for offset in (max(first_seen, 120), 60, 0):
            connection.execute(EVENTS.insert().values(
                sender_id=sender, type_name="user", timestamp=last_seen - offset,
                intent_name="what_is_sen", action_name=None, data=json.dumps({"text": "what is sen"}),
            ))


def senders(engine: sa.engine.Engine) -> set:
    with engine.connect() as connection:
        return {row.sender_id for row in connection.execute(sa.select(EVENTS.c.sender_id).distinct())}


def test_only_conversations_past_the_retention_period_are_deleted(engine: sa.engine.Engine) -> None:
    now = time.time()
    add_conversation(engine, "old", now - 31 * DAY)
    add_conversation(engine, "recent", now - 2 * DAY)
    add_conversation(engine, "started-long-ago-but-active", now - 1 * DAY, first_seen=40 * DAY)
    assert delete_conversations_older_than(engine, 30, now=now) == 1
    assert senders(engine) == {"recent", "started-long-ago-but-active"}


def test_one_conversation_can_be_erased_leaving_the_others(engine: sa.engine.Engine) -> None:
    add_conversation(engine, "parent-a", time.time())
    add_conversation(engine, "parent-b", time.time())
    assert delete_conversation(engine, "parent-a") == 3
    assert senders(engine) == {"parent-b"}
