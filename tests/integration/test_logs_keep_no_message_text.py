"""The logs never hold what a parent typed, at the default log level.

Logs go to more people and places than the conversation store (which redacts personal
details and deletes old conversations), so a parent's words, and the email address or phone
number in them, must not reach them: not while answering, not in the action server, not
when the database refuses a write, not when answering fails.
"""
from __future__ import annotations

import logging
import random
import sqlite3
import uuid

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels.rest import without_text_in_logs
from tests.support.servers import Servers, new_parent, replies_text

REFUSAL = "refused by the logging test"


def unique_word() -> str:
    """A word no log line contains by chance."""
    return f"zq{uuid.uuid4().hex[:12]}"


def server_logs(servers: Servers) -> str:
    return "".join(
        (servers.workdir / name).read_text(encoding="utf-8", errors="replace") for name in ("rasa.log", "actions.log")
    )


@pytest.mark.servers
def test_messages_are_answered_but_their_words_never_logged(servers: Servers) -> None:
    word, mailbox = unique_word(), unique_word()
    phone = f"07700 900{random.randrange(1000):03d}"
    parent = new_parent()
    council = {"council": "exampleshire"}
    replies = [
        servers.send(parent, f"what is an ehcp {word}", metadata=council),  # an FAQ answer
        servers.send(parent, f"{word} the plan thing", metadata=council),  # the fallback action reads it
        servers.send(parent, f"email me at {mailbox}@example.org or call {phone}", metadata=council),
        servers.send(parent, "help me prepare for a meeting", metadata=council),
        servers.send(parent, f"annual review {word}", metadata=council),  # the form reads the answer
    ]
    assert all(replies_text(reply).strip() for reply in replies), "every message was answered"
    logs = server_logs(servers)
    assert logs.strip(), "the servers write their logs where this test reads them"
    for secret in (word, mailbox, phone):
        assert secret not in logs


@pytest.mark.servers
def test_a_refused_database_write_is_logged_without_the_message(servers: Servers) -> None:
    word = unique_word()
    database = sqlite3.connect(servers.workdir / "rasa.db")
    database.execute(
        f"CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    )
    database.commit()
    try:
        servers.send(new_parent(), f"what is an ehcp {word}")
    finally:
        database.execute("DROP TRIGGER refuse_events")
        database.commit()
        database.close()
    logs = server_logs(servers)
    assert REFUSAL in logs, "the failed write is logged, for whoever runs the service"
    assert word not in logs


async def test_a_failure_while_answering_is_logged_without_the_message(caplog: pytest.LogCaptureFixture) -> None:
    word = unique_word()

    async def answer_badly(message: UserMessage) -> None:
        raise ValueError(f"could not answer {message.text!r}")

    with caplog.at_level(logging.INFO):
        await without_text_in_logs(answer_badly)(UserMessage(f"{word} please", CollectingOutputChannel(), "parent"))
    assert "could not be answered (ValueError)" in caplog.text
    assert word not in caplog.text
