"""Unanswered questions and parents' feedback, read from a real tracker store filled by the real servers."""
from __future__ import annotations

import html
import json
import re
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests
import sqlalchemy as sa
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from privacy.retention import EVENTS
from tests.console.support import Console, ConsoleClient, hidden_fields, page_text, start_webapp
from tests.support.servers import Servers, new_parent, terminate

UNANSWERED = ("nlu_fallback", "out_of_scope")
# Sent through the real webhook, so stored redacted by the real tracker store.
OUT_OF_SCOPE = [
    "Can you renew my passport? Email me at jo.bloggs@example.com or ring 07700 900123",
    "What time does the leisure centre swimming pool open on Sundays?",
    "purple monkey dishwasher, my number is 07700 900987",
]
REPEATED = "What time does the leisure centre swimming pool open on Sundays?"
# Written straight into the events table, unredacted, as an older version or a copied database might.
RAW_TEXT = "Please call me on 07700 900456 or write to raw.person@example.com about the bus pass"
STAFF_TEXT = "Staff trial only: zebra crossing xylophone"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"07700\s?900\d{3}")
FAQ_QUESTION = "What does the SENCO actually do in a primary school?"


def _insert_user_event(servers: Servers, sender: str, text: str, intent: str) -> None:
    engine = sa.create_engine(servers.env()["TRACKER_DB_URL"])
    data = {"event": "user", "timestamp": time.time(), "text": text,
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.4},
                           "intent_ranking": [{"name": intent, "confidence": 0.4},
                                              {"name": "local_offer", "confidence": 0.2}]}}
    with engine.begin() as connection:
        connection.execute(EVENTS.insert().values(sender_id=sender, type_name="user", timestamp=time.time(),
                                                  intent_name=intent, data=json.dumps(data)))
    engine.dispose()


def _stored_unanswered(servers: Servers, senders: List[str]) -> Dict[str, str]:
    """sender -> the (redacted) text stored for its unanswered message."""
    engine = sa.create_engine(servers.env()["TRACKER_DB_URL"])
    with engine.connect() as connection:
        rows = connection.execute(sa.select(EVENTS.c.sender_id, EVENTS.c.data).where(
            EVENTS.c.sender_id.in_(senders), EVENTS.c.type_name == "user", EVENTS.c.intent_name.in_(UNANSWERED))).all()
    engine.dispose()
    return {row.sender_id: json.loads(row.data)["text"] for row in rows}


@pytest.fixture(scope="module")
def seeded(servers: Servers) -> Dict[str, str]:
    """Parents' unanswered messages in the tracker store: sender -> stored text."""
    for text in OUT_OF_SCOPE:
        assert servers.parse(text)["intent"]["name"] in UNANSWERED, f"pick another unanswerable message than {text!r}"
    senders = []
    for text in OUT_OF_SCOPE + [REPEATED]:
        senders.append(new_parent())
        servers.send(senders[-1], text, {"council": "exampleshire"})
    _insert_user_event(servers, f"parent-direct-{uuid.uuid4().hex[:8]}", RAW_TEXT, "nlu_fallback")
    _insert_user_event(servers, f"staff-console-{uuid.uuid4().hex[:8]}", STAFF_TEXT, "nlu_fallback")
    stored = _stored_unanswered(servers, senders)
    assert len(stored) == len(senders)
    return stored


@pytest.fixture(scope="module")
def staff(console: Console) -> ConsoleClient:
    return console.client().signed_in()


def test_unanswered_questions_come_from_parents_conversations(staff: ConsoleClient, seeded: Dict[str, str]) -> None:
    shown = page_text(staff.get("/unanswered").text)
    for text in seeded.values():
        assert " ".join(text.split()) in shown
    assert f"{REPEATED} 2 " in shown, "the same question from two parents is one row, asked twice"
    assert STAFF_TEXT not in shown, "staff trials never count as parents' questions"


def test_unanswered_questions_show_no_personal_details(staff: ConsoleClient, seeded: Dict[str, str]) -> None:
    page = staff.get("/unanswered").text
    shown = page_text(page)
    assert "[email]" in shown and "[phone]" in shown
    assert "call me on [phone] or write to [email] about the bus pass" in shown, "redacted again when shown"
    assert not EMAIL.search(page), EMAIL.search(page)
    assert not PHONE.search(page), PHONE.search(page)


def test_chosen_questions_export_as_rasa_training_data(staff: ConsoleClient, seeded: Dict[str, str]) -> None:
    page = staff.get("/unanswered").text
    chosen = sorted({" ".join(seeded_text.split()) for seeded_text in seeded.values()})[:2]
    offered = [html.unescape(value) for value in re.findall(r'name="text" value="([^"]*)"', page)]
    assert set(chosen) <= set(offered), "each question has its own tick box"
    fields = list(hidden_fields(page, "/unanswered/export").items()) + [("text", text) for text in chosen] + \
        [("topic", "local_offer")]
    reply = staff.post("/unanswered/export", data=fields)
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == 'attachment; filename="nlu-local_offer.yml"'
    training = RasaYAMLReader().reads(reply.text)
    assert [(m.get("intent"), m.get("text")) for m in training.intent_examples] == [("local_offer", t) for t in chosen]


def test_an_export_without_questions_or_topic_is_explained(staff: ConsoleClient, seeded: Dict[str, str]) -> None:
    reply = staff.submit("/unanswered", "/unanswered/export", {"topic": ""})
    assert reply.status_code == 400
    shown = page_text(reply.text)
    assert "Select at least one question" in shown and "Choose the topic that should answer" in shown


@pytest.fixture(scope="module")
def webapp_url(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, process = start_webapp(servers, Path(tmp_path_factory.mktemp("webapp")))
    yield url
    terminate(process)


def _feedback_counts(staff: ConsoleClient, topic: str) -> List[int]:
    """(helpful, not helpful) for `topic` on the feedback page; zeros when it has no row yet."""
    page = staff.get("/feedback").text
    row = re.search(rf'<tr id="feedback-{topic}">(.*?)</tr>', page, re.S)
    if row is None:
        return [0, 0]
    numbers = re.findall(r'<td class="numeric">(\d+)</td>', row.group(1))
    return [int(numbers[0]), int(numbers[1])]


def test_parents_feedback_is_counted_per_topic(staff: ConsoleClient, servers: Servers, webapp_url: str) -> None:
    topic = servers.parse(FAQ_QUESTION)["intent"]["name"]
    before = _feedback_counts(staff, topic)

    def give(sender: str, helpful: bool) -> None:
        reply = requests.post(f"{webapp_url}/feedback", timeout=30, headers={"Origin": webapp_url}, json={
            "sender": sender, "council": "exampleshire", "helpful": helpful, "answer_index": 1})
        assert reply.status_code == 204, reply.text

    votes = {new_parent(): [False], new_parent(): [True], new_parent(): [False, True],
             f"staff-console-{uuid.uuid4().hex[:8]}": [False]}
    for sender, answers in votes.items():
        servers.send(sender, FAQ_QUESTION, {"council": "exampleshire"})
        for helpful in answers:
            give(sender, helpful)
    after = _feedback_counts(staff, topic)
    assert [after[0] - before[0], after[1] - before[1]] == [2, 1], (
        "two helpful (one after a change of mind), one not helpful; the staff trial is not counted")
