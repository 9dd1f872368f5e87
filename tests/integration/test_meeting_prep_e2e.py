"""Preparing for a school meeting through the real servers: questions, digression, stop, plan."""
from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

from actions.council_context import REGISTRY
from actions.meeting_prep.options import SLOTS
from tests.support.servers import Servers, new_parent, reply_buttons, replies_text

pytestmark = pytest.mark.servers

EXAMPLESHIRE = REGISTRY.get("exampleshire")


def plan_payload(replies: List[Dict[str, Any]]) -> Dict[str, Any]:
    payloads = [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]
    assert payloads, f"no meeting plan payload in {replies}"
    return payloads[0]


def test_free_text_answers_give_a_tailored_plan(servers: Servers) -> None:
    parent = new_parent()
    metadata = {"council": "exampleshire"}
    start = servers.send(parent, "can you help me get ready for a meeting with the senco", metadata=metadata)
    assert SLOTS["meeting_purpose"].question in replies_text(start)
    assert len(reply_buttons(start)) == len(SLOTS["meeting_purpose"].options)
    for answer in ["we don't agree with school about his support", "hes in year 8", "autism and anxiety",
                   "he gets sen support", "not sure"]:
        servers.send(parent, answer)
    replies = servers.send(parent, "no hes going backwards if anything")
    payload = plan_payload(replies)
    assert payload["type"] == "meeting_plan"
    questions = [q for section in payload["sections"] for q in section["questions"]]
    assert 8 <= len(questions) <= 15
    assert "[child's name]" in payload["email"]["body"]
    text = replies_text(replies)
    assert EXAMPLESHIRE.sendiass.phone in text, "the next step names the local SENDIASS"
    json.dumps(payload)  # the widget receives it as JSON
    tracker = servers.tracker(parent)
    assert all(tracker["slots"].get(slot) is None for slot in SLOTS), "answers are forgotten afterwards"


def test_button_answers_and_a_question_in_the_middle(servers: Servers) -> None:
    parent = new_parent()
    servers.send(parent, "help me prepare for my sons review meeting")
    servers.send(parent, SLOTS["meeting_purpose"].options[1].title)
    digression = servers.send(parent, "sorry what does the senco actually do")
    text = replies_text(digression)
    assert "Source: " in text, "the question is answered"
    assert SLOTS["setting"].question in text, "and the form asks its question again"
    for slot in ["setting", "need_areas", "current_support", "specialists_involved"]:
        servers.send(parent, SLOTS[slot].options[0].title)
    replies = servers.send(parent, SLOTS["progress"].options[0].title)
    assert plan_payload(replies)["sections"]


def test_stop_leaves_cleanly_and_it_can_start_again(servers: Servers) -> None:
    parent = new_parent()
    servers.send(parent, "i need help getting ready for a meeting at school")
    servers.send(parent, "A first talk about a worry")
    stopped = servers.send(parent, "stop")
    assert "stopped" in replies_text(stopped)
    assert all(servers.tracker(parent)["slots"].get(slot) is None for slot in SLOTS)
    after = servers.send(parent, "what is the graduated approach")
    assert "Source: " in replies_text(after) and SLOTS["setting"].question not in replies_text(after)
    again = servers.send(parent, "help me get ready for a meeting with the school please")
    assert SLOTS["meeting_purpose"].question in replies_text(again)


def test_two_replies_it_cannot_read_explain_the_choices_and_offer_a_way_out(servers: Servers) -> None:
    parent = new_parent()
    servers.send(parent, "help me prepare for a school meeting")
    servers.send(parent, "hmm banana")
    second = servers.send(parent, "purple monkey")
    assert "The choices are" in replies_text(second)
    assert {"title": "Stop these questions", "payload": "stop"} in reply_buttons(second)
