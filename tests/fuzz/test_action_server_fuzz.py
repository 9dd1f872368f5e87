"""10,000 generated calls to the action server's /webhook, on the real action server.

Rasa is its only intended caller, but anything on the host can post to it, and a bug in a
call's shape should never become a 500 that hides which field was wrong. Well-formed calls
(any action, any slot values, any text, any council) run and answer events and responses;
calls that break the protocol get a 400 naming the field, an unknown action a 404, an
oversized body a 413, always as JSON. Never a 5xx, and the server still answers afterwards.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest
import requests
from hypothesis import strategies as st
from rasa_sdk import Tracker

from actions.meeting_prep.options import SLOTS
from tests.fuzz.generators import (
    ACTIVE_MARKUP,
    CONTENT_TYPES,
    dumps,
    json_except,
    json_values,
    nasty_text,
    short_text,
    weighted,
)
from tests.fuzz.profile import REQUESTS_PER_SERVER, send_generated
from tests.support.servers import Servers
from tests.support.trackers import domain, tracker

pytestmark = pytest.mark.servers

ACTIONS = domain()["actions"]
INTENTS = [name if isinstance(name, str) else next(iter(name)) for name in domain()["intents"]]
SLOT_NAMES = [*domain()["slots"], "requested_slot", "session_started_metadata"]
# Bodies over the action server's 10 MB default limit, as sent and once decompressed; built once.
OVERSIZED = b'{"next_action": "action_local_contacts", "tracker": {"sender_id": "' + b"x" * 10_500_000 + b'"}}'
DEFLATE_BOMB = zlib.compress(b" " * 11_000_000)


@dataclass(frozen=True)
class ActionCall:
    """One generated request and the status it must get (None: any 4xx that explains)."""

    body: bytes
    content_type: Optional[str]
    status: Optional[int]
    field: str = ""  # for a 400: the field the error must name
    compressed: bool = False


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_object(value: Any) -> bool:
    return isinstance(value, dict)


def is_list(value: Any) -> bool:
    return isinstance(value, list)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def or_null(accepted: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or accepted(value)


def rasa_call(action: str, state: Tracker, with_domain: bool = True) -> Dict[str, Any]:
    """An action call as Rasa 3.6 makes it (RemoteAction._action_call_format)."""
    call = {"next_action": action, "sender_id": state.sender_id, "tracker": state.current_state(), "version": "3.6.21"}
    if with_domain:
        call["domain"] = domain()
    return call


ANSWERS = {name: list(spec.values[:1]) if spec.multiple else spec.values[0] for name, spec in SLOTS.items()}
RANKING = [{"name": "ehc_needs_assessment", "confidence": 0.4}, {"name": "safeguarding_urgent", "confidence": 0.2},
           {"name": "cycle_plan", "confidence": 0.1}]
# Conversations the actions really see; each generated call starts from one of them.
STATES = [
    tracker(),
    tracker("what is an EHCP", intent="ehc_needs_assessment", metadata={"council": "exampleshire"},
            slots={"council": "exampleshire"}),
    tracker("the plan thing", ranking=RANKING, slots={"council": "sampleton"}),
    tracker("primary school", intent="sendiass", active_loop="meeting_prep_form",
            slots={"requested_slot": "setting", "meeting_purpose": ANSWERS["meeting_purpose"]}),
    tracker("banana", intent="out_of_scope", active_loop="meeting_prep_form",
            slots={"requested_slot": "progress", "meeting_prep_misunderstood": 1.0}),
    tracker("stop", active_loop="meeting_prep_form", slots={"requested_slot": "need_areas"}),
    tracker("thanks", intent="thank", slots={**ANSWERS, "council": "exampleshire"}),
    tracker("", slots={"session_started_metadata": {"council": "sampleton"}}),
]
BASE_CALLS = [rasa_call(action, state, with_domain=number % 3 != 0)
              for number, state in enumerate(STATES) for action in ACTIONS]

# Slot values: what the form and widget really set, and any JSON value at all (Rasa lets
# any action or API client set any slot to anything).
slot_values = st.one_of(
    st.sampled_from([*ANSWERS.values(), "exampleshire", "atlantis", "setting", 1.0, 5, {"council": "sampleton"}]),
    json_values,
)
intent_names = st.sampled_from(INTENTS) | st.none() | short_text
CHANGES = ["slot", "text", "intent", "council", "action"]


@st.composite
def well_formed(draw: st.DrawFn) -> Dict[str, Any]:
    """A real call with a few things changed: slot values, text, intent, council, action."""
    base = draw(st.sampled_from(BASE_CALLS))
    # Copies of just what may change: the shared domain and events stay as they are.
    message = dict(base["tracker"]["latest_message"])
    state = {**base["tracker"], "slots": dict(base["tracker"]["slots"]), "latest_message": message}
    call = {**base, "tracker": state}
    for change in draw(st.lists(st.sampled_from(CHANGES), max_size=3)):
        if change == "slot":
            state["slots"][draw(st.sampled_from(SLOT_NAMES))] = draw(slot_values)
        elif change == "text":
            message["text"] = draw(nasty_text)
        elif change == "intent":
            message["intent"] = {"name": draw(intent_names), "confidence": draw(st.floats(0, 1))}
        elif change == "council":
            message["metadata"] = {"council": draw(slot_values)}
        else:
            call["next_action"] = draw(st.sampled_from(ACTIONS))
    return call


# Where a well-formed call can be broken, and what the protocol accepts there.
FIELDS: List[Tuple[Tuple[str, ...], Callable[[Any], bool]]] = [
    (("next_action",), lambda value: is_text(value) and value != ""),
    (("version",), or_null(is_text)),
    (("sender_id",), or_null(is_text)),
    (("domain",), is_object),
    (("domain", "responses"), is_object),
    (("domain", "session_config"), is_object),
    (("tracker",), is_object),
    (("tracker", "sender_id"), is_text),
    (("tracker", "slots"), is_object),
    (("tracker", "events"), is_list),
    (("tracker", "paused"), or_null(lambda value: isinstance(value, bool))),
    (("tracker", "followup_action"), or_null(is_text)),
    (("tracker", "active_loop"), or_null(is_object)),
    (("tracker", "latest_action_name"), or_null(is_text)),
    (("tracker", "latest_message"), or_null(is_object)),
    (("tracker", "latest_message", "text"), or_null(is_text)),
    (("tracker", "latest_message", "intent"), or_null(is_object)),
    (("tracker", "latest_message", "intent", "name"), or_null(is_text)),
    (("tracker", "latest_message", "intent", "confidence"), or_null(is_number)),
    (("tracker", "latest_message", "intent_ranking"), or_null(is_list)),
    (("tracker", "latest_message", "entities"), is_list),
    (("tracker", "latest_message", "metadata"), or_null(is_object)),
]


def with_value(call: Dict[str, Any], path: Tuple[str, ...], value: Any) -> Dict[str, Any]:
    """A copy of the call with `value` at `path`; only the objects on the path are copied."""
    top = dict(call)
    place = top
    for key in path[:-1]:
        inner = place.get(key)
        place[key] = dict(inner) if isinstance(inner, dict) else {}
        place = place[key]
    place[path[-1]] = value
    return top


@st.composite
def valid_calls(draw: st.DrawFn) -> ActionCall:
    call = draw(well_formed())
    if draw(st.integers(0, 19)) == 19:  # Rasa compresses when COMPRESS_ACTION_SERVER_REQUEST is set
        return ActionCall(zlib.compress(dumps(call)), "application/json", 200, compressed=True)
    return ActionCall(dumps(call), draw(st.sampled_from(CONTENT_TYPES)), 200)


@st.composite
def broken_calls(draw: st.DrawFn) -> ActionCall:
    """A well-formed call with one field given a value of the wrong type."""
    path, accepted = draw(st.sampled_from(FIELDS))
    call = with_value(draw(well_formed()), path, draw(json_except(accepted)))
    if path == ("next_action",) and is_text(call["next_action"]):
        return ActionCall(dumps(call), "application/json", None)  # "" is refused either way
    return ActionCall(dumps(call), "application/json", 400, field=".".join(path))


@st.composite
def wrong_element_calls(draw: st.DrawFn) -> ActionCall:
    """A list in the call with one element of the wrong kind."""
    where, element = draw(st.sampled_from([
        (("tracker", "events"), json_except(lambda value: is_object(value) and is_text(value.get("event")))),
        (("tracker", "latest_message", "intent_ranking"), json_except(is_object)),
        (("tracker", "latest_message", "entities"), json_except(is_object)),
    ]))
    call = with_value(draw(well_formed()), where, [draw(element)])
    return ActionCall(dumps(call), "application/json", 400, field=".".join(where))


unknown_actions = st.builds(
    lambda call, name: ActionCall(dumps({**call, "next_action": name}), "application/json", 404),
    well_formed(),
    st.sampled_from(["action_nope", "utter_greet", "action_listen", "ACTION_LOCAL_CONTACTS", "validate_x"]),
)
not_action_calls = st.one_of(
    st.builds(lambda body: ActionCall(body, "application/json", 400), st.sampled_from(
        [b"", b"{", b"null", b"[]", b'"text"', b"\xff\xfe\x00", b'{"next_action": "\xff"}', b"[" * 5_000,
         "{'next_action': 'action_local_contacts'}".encode()]) | st.binary(min_size=1, max_size=200).filter(
        lambda body: not body.strip().startswith(b"{"))),
    st.builds(lambda value: ActionCall(dumps(value), "text/plain", 400), json_except(is_object)),
    st.builds(lambda body: ActionCall(body, "application/json", 400, compressed=True),
              st.sampled_from([b"not deflate", zlib.compress(b"not json"), zlib.compress(b"{}")[:-2]])),
)
oversized_calls = st.sampled_from(
    [ActionCall(OVERSIZED, "application/json", 413), ActionCall(DEFLATE_BOMB, "application/json", 413, compressed=True)]
)
# Hypothesis leans towards the first (simplest) choices, so they come in about this order;
# the oversized bodies (10 MB each) stay rare.
action_calls = weighted(
    (300, valid_calls()),
    (400, broken_calls()),
    (120, wrong_element_calls()),
    (60, unknown_actions),
    (117, not_action_calls),
    (3, oversized_calls),
)


def check_answer(call: ActionCall, reply: requests.Response) -> None:
    """The answer Rasa (or whoever called) can act on: a result, or what was wrong, in JSON."""
    shown = f"{reply.status_code} for {call.body[:300]!r}: {reply.text[:300]}"
    assert reply.status_code < 500, shown
    answer = reply.json()
    if call.status == 200:
        assert reply.status_code == 200, shown
        assert isinstance(answer.get("events"), list) and isinstance(answer.get("responses"), list), shown
        assert not ACTIVE_MARKUP.search(json.dumps(answer["responses"], ensure_ascii=False)), shown
        return
    assert 400 <= reply.status_code < 500 and reply.status_code == (call.status or reply.status_code), shown
    assert isinstance(answer.get("error"), str) and len(answer["error"]) > 15, shown
    if call.field:
        assert f"'{call.field}" in answer["error"], shown


def test_the_action_server_answers_10000_generated_calls_sensibly(
    servers: Servers, capsys: pytest.CaptureFixture
) -> None:
    url = f"{servers.actions_url}/webhook"
    with requests.Session() as session:

        def send(call: ActionCall, _sent_before: int) -> bool:
            headers = {"Content-Type": call.content_type} if call.content_type else {}
            if call.compressed:
                headers["Content-Encoding"] = "deflate"
            check_answer(call, session.post(url, data=call.body, headers=headers, timeout=60))
            return call.status == 200

        tally = send_generated(action_calls, send)
        health = session.get(f"{servers.actions_url}/health", timeout=30)
    with capsys.disabled():
        print(f"\n{tally.summary('action server')}")
    assert tally.total >= REQUESTS_PER_SERVER and tally.accepted >= 3_000
    assert health.json() == {"status": "ok"}
