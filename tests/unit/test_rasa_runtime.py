"""The speed fixes in rasa_runtime/ change speed only: same answers and errors as Rasa's code."""
from __future__ import annotations

from typing import Any, Dict

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from rasa_runtime import action_validation, event_lookup

RASA_VALIDATE = RemoteAction._validate_action_result
RASA_RESOLVE = event_lookup._rasa_resolve_by_type

REPLIES = [
    {"events": [{"event": "session_started"}, {"event": "slot", "name": "council", "value": "x"}], "responses": []},
    {"events": [], "responses": [{"text": "hello", "buttons": [{"title": "a", "payload": "/a"}]}]},
    {"events": [{"event": "slot", "name": "x"}]},
    {"events": 5},
    {"events": [{"no_event_key": 1}]},
    {"responses": ["not an object"]},
    {"events": [{"event": "user", "text": 3}]},
]


def outcome(validate: Any, reply: Dict[str, Any]) -> Any:
    try:
        return validate(RemoteAction("action_x", None), reply)
    except ValidationError as error:
        return ("refused", error.message)


@pytest.mark.parametrize("reply", REPLIES)
def test_action_replies_are_accepted_or_refused_exactly_as_rasa_does(reply: Dict[str, Any]) -> None:
    assert outcome(action_validation._validate_action_result, reply) == outcome(RASA_VALIDATE, reply)


def test_a_refused_action_reply_names_the_problem_and_the_docs() -> None:
    verdict = outcome(action_validation._validate_action_result, {"events": 5})
    assert verdict[0] == "refused"
    assert "is not of type 'array'" in verdict[1] and "custom-actions" in verdict[1]


@pytest.mark.parametrize("name", sorted({cls.type_name for cls in all_subclasses(Event)} | {"topic"}))
def test_every_stored_event_name_finds_the_class_rasa_would(name: str) -> None:
    assert event_lookup.resolve_by_type(name) is RASA_RESOLVE(name)
    assert event_lookup.resolve_by_type(name) is RASA_RESOLVE(name)  # again, from the cache


def test_an_unknown_event_name_is_refused_or_gets_the_default_as_in_rasa() -> None:
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        event_lookup.resolve_by_type("no_such_event")
    assert event_lookup.resolve_by_type("no_such_event", UserUttered) is UserUttered
