"""A parent's conversation through the real REST webhook, action server and SQLite store."""
from __future__ import annotations

import urllib.error

import pytest

from tests.support.servers import Servers, new_parent, post_json, reply_buttons, replies_text

pytestmark = pytest.mark.servers


def test_greeting_says_what_it_can_do_and_asks_for_no_personal_details(servers: Servers) -> None:
    replies = servers.send(new_parent(), "hello")
    text = replies_text(replies)
    assert "SEN support" in text
    assert "don't type your child's name" in text
    assert {b["payload"] for b in reply_buttons(replies)} >= {"/what_is_sen_support", "/help"}


def test_an_faq_answer_names_its_legal_source(servers: Servers) -> None:
    replies = servers.send(new_parent(), "school have said my lad is on sen support now, what does that mean for him")
    text = replies_text(replies)
    assert "Source: " in text and "Code of Practice" in text
    assert reply_buttons(replies), "an answer offers the natural next topics"


def test_safeguarding_comes_first_with_999(servers: Servers) -> None:
    replies = servers.send(new_parent(), "my 15 year old has just told me she is going to kill herself tonight")
    first = replies[0]["text"]
    assert first.startswith("If a child is in immediate danger, call 999")
    assert "0800 1111" in replies_text(replies)


def test_out_of_scope_says_kindly_what_it_can_help_with(servers: Servers) -> None:
    replies = servers.send(new_parent(), "how much is council tax for a band c house")
    assert "I can only help with SEN support" in replies_text(replies)


def test_unclear_messages_go_did_you_mean_then_rephrase_then_a_person(servers: Servers) -> None:
    parent = new_parent()
    first = servers.send(parent, "the plan thing")
    assert "Is it one of these?" in replies_text(first)
    assert reply_buttons(first)[-1] == {"title": "None of these", "payload": "/out_of_scope"}
    second = servers.send(parent, "/out_of_scope")
    assert "say it another way" in replies_text(second)
    third = servers.send(parent, "the meeting")
    assert "Is it one of these?" in replies_text(third)
    last = servers.send(parent, "/out_of_scope")
    assert "SENDIASS" in replies_text(last), "the last step is the route to a person, not a loop"
    after = servers.send(parent, "what is the graduated approach")
    assert "Source: " in replies_text(after), "the conversation carries on normally afterwards"


def test_asking_for_a_person_gives_the_route_to_one(servers: Servers) -> None:
    replies = servers.send(new_parent(), "can i talk to a real person about this please")
    assert "SENDIASS" in replies_text(replies)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "<script>alert('x')</script>", "\x00\x01\x02", "a" * 100_000, "😀" * 50, "مرحبا كيف حالك"],
)
def test_odd_input_gets_an_answer_not_a_server_error(servers: Servers, text: str) -> None:
    replies = servers.send(new_parent(), text)
    assert isinstance(replies, list)


def test_a_restart_keeps_the_conversation(servers: Servers) -> None:
    parent = new_parent()
    servers.send(parent, "what is the graduated approach")
    servers.stop_rasa()
    servers.start_rasa()
    events = servers.tracker(parent)["events"]
    assert any(e.get("event") == "user" and e.get("text") == "what is the graduated approach" for e in events)
    assert "Source: " in replies_text(servers.send(parent, "and what happens at the review step"))


@pytest.mark.parametrize(
    "body", [{"sender": "x", "message": {"not": "text"}}, {"sender": "x"}, {"message": "hi"}, ["a", "list"]]
)
def test_a_body_of_the_wrong_shape_is_refused_with_a_clear_4xx(servers: Servers, body: object) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        post_json(f"{servers.rasa_url}/webhooks/rest/webhook", body)
    assert refused.value.code == 400
    assert "message" in refused.value.read().decode()


def test_personal_details_are_redacted_before_storage_but_the_question_is_answered(servers: Servers) -> None:
    parent = new_parent()
    text = "my son is called Oliver, email jo.smith@example.org or 07700 900123. what is sen support?"
    replies = servers.send(parent, text)
    assert "Source: " in replies_text(replies), "the model read the whole original message"
    stored = [e["text"] for e in servers.tracker(parent)["events"] if e.get("event") == "user"]
    assert stored and all(t not in stored[0] for t in ["Oliver", "jo.smith", "900123"])
    assert "[name]" in stored[0] and "[email]" in stored[0] and "[phone]" in stored[0]
