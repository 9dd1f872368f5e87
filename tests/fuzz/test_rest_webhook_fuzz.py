"""10,000 generated requests to the REST webhook the widget talks to, on the real Rasa server.

Whatever arrives, the parent's side stays sane: a well-formed message with any text at all
(empty, 100,000 characters, control characters, emoji, right-to-left, markup, a lone
surrogate) gets the assistant's reply and never an echo of markup; anything else (not
JSON, invalid UTF-8, the wrong shape or types, an odd conversation id, oversized metadata)
gets a 4xx whose JSON says what was wrong, whatever the content type. Never a 5xx, never a
dropped connection, and the server still answers afterwards.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import pytest
import requests
from hypothesis import strategies as st

from channels.conversation_id import CONVERSATION_ID
from tests.fuzz.generators import (
    ACTIVE_MARKUP,
    CONTENT_TYPES,
    dumps,
    json_except,
    json_values,
    nasty_text,
    typed_text,
    weighted,
)
from tests.fuzz.profile import REQUESTS_PER_SERVER, send_generated
from tests.support.servers import Servers, new_parent, replies_text

pytestmark = pytest.mark.servers

# Rasa's own commands are answered by the dialogue engine itself, with no message; they are
# the one valid input allowed no text (the widget never sends them).
COMMAND = re.compile(r"\s*/(?:restart|session_start|back)\b")
ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-"


@dataclass(frozen=True)
class WebhookCall:
    """One generated request and what the server should make of it.

    A well-formed message keeps its fields, not its bytes: each is sent in a conversation of
    its own (see `encode`), as Hypothesis draws the same id again and again, and a
    conversation hundreds of messages long slows every later message down.
    """

    body: bytes
    content_type: Optional[str]
    fields: Optional[Dict[str, Any]] = None  # a well-formed message, which must be answered

    @property
    def well_formed(self) -> bool:
        return self.fields is not None

    def encode(self, conversation: int) -> Tuple[bytes, Optional[str]]:
        """The body to send, and for a well-formed message its (now unique) conversation id."""
        if self.fields is None:
            return self.body, None
        sender = f"{self.fields['sender'][:100]}-{conversation}"
        return dumps({**self.fields, "sender": sender}), sender


# Widget ids (UUIDs) and any other id the rule allows.
senders = st.uuids().map(str) | st.text(alphabet=ID_CHARACTERS, min_size=1, max_size=128).filter(
    lambda text: text[0].isalnum()
)
councils = st.sampled_from(["exampleshire", "sampleton", "EXAMPLESHIRE ", "atlantis", ""]) | st.none() | typed_text.map(
    lambda text: text[:100]
)
small_metadata = st.none() | st.fixed_dictionaries(
    {"council": councils},
    optional={"page": st.sampled_from(["/local-offer", "/send"]), "ab_test": st.booleans() | st.integers()},
)
content_types = st.sampled_from(CONTENT_TYPES)


@st.composite
def well_formed_calls(draw: st.DrawFn) -> WebhookCall:
    """A message as the widget sends it, with any text and any council in its metadata."""
    body: Dict[str, Any] = {"sender": draw(senders), "message": draw(nasty_text)}
    metadata = draw(small_metadata)
    if metadata is not None or draw(st.booleans()):
        body["metadata"] = metadata
    if draw(st.integers(0, 9)) == 0:
        body["input_channel"] = draw(json_values)  # stock Rasa would store this as given
    return WebhookCall(b"", draw(content_types), fields=body)


def _is_conversation_id(value: Any) -> bool:
    return isinstance(value, str) and CONVERSATION_ID.fullmatch(value) is not None


bad_senders = json_except(_is_conversation_id) | st.sampled_from(
    ["", " ", "a b", "-starts-with-dash", "x" * 129, "\ud800", "parent\x00", "pärent", "a/b", "<script>"]
)
bad_metadata = (
    json_except(lambda value: value is None or isinstance(value, dict))
    | st.fixed_dictionaries(
        {"council": st.lists(typed_text, min_size=1) | st.dictionaries(typed_text, json_values, min_size=1)}
    )
    | st.builds(lambda size: {"council": "x" * size}, st.integers(min_value=2_001, max_value=50_000))
)


@st.composite
def wrong_shape_calls(draw: st.DrawFn) -> WebhookCall:
    """Valid JSON that breaks one rule: not an object, a field missing, or of the wrong type."""
    good = {"sender": draw(senders), "message": draw(nasty_text)}
    flaw = draw(st.sampled_from(["not an object", "no sender", "no message", "sender", "message", "metadata"]))
    if flaw == "not an object":
        body: Any = draw(json_except(lambda value: isinstance(value, dict)))
    elif flaw.startswith("no "):
        body = {key: value for key, value in good.items() if key != flaw[3:]}
        body.update(draw(st.dictionaries(st.sampled_from(["text", "user", "msg", "Sender"]), json_values, max_size=2)))
    else:
        replacement = {"sender": bad_senders, "message": json_except(lambda value: isinstance(value, str)),
                       "metadata": bad_metadata}[flaw]
        body = {**good, flaw: draw(replacement)}
    return WebhookCall(dumps(body), draw(content_types))


not_json_bodies = st.sampled_from(
    [b"", b" ", b"{", b"null", b"sender=a&message=hi", b'{"sender": "a", "message": "\xff\xfe"}',
     b'{"sender": "a", "message": "hi"', b"\xef\xbb\xbf{}", "{'sender': 'a'}".encode(), b"[" * 5_000]
) | st.binary(max_size=300)


@st.composite
def not_json_calls(draw: st.DrawFn) -> WebhookCall:
    """Bodies that are not a JSON object at all: truncated, binary, invalid UTF-8, form data."""
    body = draw(not_json_bodies)
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        parsed = None
    # A random byte string that happens to be a JSON object is not what this strategy is for.
    if isinstance(parsed, dict):
        body = b"{" + body
    return WebhookCall(body, draw(content_types))


webhook_calls = weighted((18, well_formed_calls()), (55, wrong_shape_calls()), (27, not_json_calls()))


def check_answer(call: WebhookCall, body: bytes, sender: Optional[str], reply: requests.Response) -> None:
    """What a parent's browser would see: the assistant's reply, or a clear refusal."""
    assert reply.status_code < 500, f"{reply.status_code} for {body[:200]!r}: {reply.text[:300]}"
    if call.fields is not None:
        assert reply.status_code == 200, f"{reply.status_code} for a well-formed message: {reply.text[:300]}"
        messages: List[Dict[str, Any]] = reply.json()
        assert isinstance(messages, list)
        assert all(message.get("recipient_id") == sender for message in messages)
        text = replies_text(messages)
        assert not ACTIVE_MARKUP.search(text), f"markup echoed back: {text[:300]}"
        if not COMMAND.match(call.fields["message"]):
            assert text.strip(), f"no reply text for {call.fields['message'][:200]!r}"
    else:
        assert 400 <= reply.status_code < 500, f"{reply.status_code} for {body[:200]!r}"
        refusal = reply.json()
        assert isinstance(refusal.get("message"), str) and len(refusal["message"]) > 20, refusal


def test_the_rest_webhook_answers_10000_generated_requests_sensibly(
    servers: Servers, capsys: pytest.CaptureFixture
) -> None:
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    with requests.Session() as session:

        def send(call: WebhookCall, sent_before: int) -> bool:
            body, sender = call.encode(conversation=sent_before)
            headers = {"Content-Type": call.content_type} if call.content_type else {}
            check_answer(call, body, sender, session.post(url, data=body, headers=headers, timeout=60))
            return call.well_formed

        tally = send_generated(webhook_calls, send)
        still_up = session.get(f"{servers.rasa_url}/status", timeout=30)
        after = session.post(url, json={"sender": new_parent(), "message": "what is an EHCP"}, timeout=60)
    with capsys.disabled():
        print(f"\n{tally.summary('REST webhook')}")
    assert tally.total >= REQUESTS_PER_SERVER and tally.accepted >= 2_000
    assert still_up.status_code == 200
    assert "Source: " in replies_text(after.json()), "a parent still gets real answers afterwards"
