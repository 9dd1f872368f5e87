"""What the conversation store writes, turn after turn, on real SQLite and PostgreSQL.

The store remembers how many events it has already written for a conversation it read
(instead of counting them in the database on every save): whatever object Rasa hands it,
the database must end up with every event exactly once, in order, and redacted.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Iterator, List

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.tracker_store import RedactingSQLTrackerStore
from tests.support.databases import database_url
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, domain: Domain) -> Iterator[RedactingSQLTrackerStore]:
    with database_url(request.param, tmp_path, "store") as url:
        opened = RedactingSQLTrackerStore(domain=domain, host=url)
        yield opened
        opened.engine.dispose()


def stored(store: RedactingSQLTrackerStore, sender: str) -> List[dict]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        )
        return [json.loads(row.data) for row in rows]


def turn(tracker: DialogueStateTracker, text: str) -> None:
    """One parent message and the assistant's answer, as Rasa adds them."""
    tracker.update(UserUttered(text, {"name": "what_is_sen_support", "confidence": 0.9}))
    tracker.update(ActionExecuted("utter_what_is_sen_support"))
    tracker.update(BotUttered(f"answer to {text}"))
    tracker.update(ActionExecuted("action_listen"))


def test_every_event_is_stored_once_in_order_whichever_object_is_saved(store: RedactingSQLTrackerStore) -> None:
    async def conversation() -> None:
        new = DialogueStateTracker("parent-1", store.domain.slots)
        new.update(ActionExecuted("action_session_start"))
        new.update(SessionStarted())
        new.update(ActionExecuted("action_listen"))
        await store.save(new)  # a brand-new conversation
        turn(new, "first question")
        await store.save(new)  # the same object again
        await store.save(new)  # saved twice without change: nothing new written
        again = await store.retrieve("parent-1")  # a fresh object read back, as each turn does
        turn(again, "second question, my email is jo@example.org")
        await store.save(again)
        unknown = DialogueStateTracker.from_dict("parent-1", [e.as_dict() for e in again.events], store.domain.slots)
        turn(unknown, "third question")
        await store.save(unknown)  # an object the store never read: counted in the database

    asyncio.run(conversation())
    rows = stored(store, "parent-1")
    session_start = ["action", "session_started", "action"]
    assert [row["event"] for row in rows] == session_start + ["user", "action", "bot", "action"] * 3
    user_texts = [row["text"] for row in rows if row["event"] == "user"]
    assert user_texts == ["first question", "second question, my email is [email]", "third question"]


def test_a_conversation_read_back_is_the_one_written(store: RedactingSQLTrackerStore) -> None:
    async def write_and_read() -> tuple:
        tracker = DialogueStateTracker("parent-2", store.domain.slots)
        for text in ("hello", "what is sen support", "thanks"):
            turn(tracker, text)
            await store.save(tracker)
        return tracker, await store.retrieve("parent-2")

    written, read = asyncio.run(write_and_read())
    assert [e.as_dict()["event"] for e in read.events] == [e.as_dict()["event"] for e in written.events]
    assert read.latest_message.text == "thanks"


def test_the_embedded_sqlite_file_uses_a_write_ahead_log(tmp_path: Path, domain: Domain) -> None:
    store = RedactingSQLTrackerStore(domain=domain, host=f"sqlite:///{tmp_path / 'rasa.db'}")
    tracker = DialogueStateTracker("parent-3", store.domain.slots)
    turn(tracker, "hello")
    asyncio.run(store.save(tracker))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.engine.dispose()
