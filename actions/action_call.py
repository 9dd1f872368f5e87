"""Is this body a Rasa action call the actions can safely be run on?

rasa-sdk hands the body straight to the actions, so a call of the wrong shape (no tracker,
a list where the latest message should be, a number for the version) ends in a Python
error and a 500. These checks cover what Rasa's protocol promises and rasa-sdk or our
actions rely on; slot values are left to the actions, because Rasa lets any action or API
client set a slot to any JSON value. The answer is one sentence naming the first problem,
never echoing a value (the tracker holds a parent's messages).
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

ACTION_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,128}")

Check = Callable[[Any], bool]


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_object(value: Any) -> bool:
    return isinstance(value, dict)


def is_list(value: Any) -> bool:
    return isinstance(value, list)


def is_number(value: Any) -> bool:
    """A finite JSON number (true/false are booleans, not numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def optional(check: Check) -> Check:
    """The check, or null."""
    return lambda value: value is None or check(value)


# Field -> (check, how to describe a valid value). Absent fields are always allowed:
# rasa-sdk and our actions read each one with a default. Null is allowed only where that
# default copes with it (`tracker.get("slots", {})` does not turn null into {}).
DOMAIN_FIELDS: Mapping[str, Tuple[Check, str]] = {
    "session_config": (is_object, "an object"),
    "responses": (is_object, "an object"),
    "slots": (is_object, "an object"),
    "forms": (is_object, "an object"),
}
TRACKER_FIELDS: Mapping[str, Tuple[Check, str]] = {
    "slots": (is_object, "an object"),
    "latest_message": (optional(is_object), "an object or null"),
    "events": (is_list, "a list"),
    "paused": (optional(is_bool), "true, false or null"),
    "followup_action": (optional(is_text), "text or null"),
    "active_loop": (optional(is_object), "an object or null"),
    "latest_action_name": (optional(is_text), "text or null"),
    "latest_input_channel": (optional(is_text), "text or null"),
    "latest_event_time": (optional(is_number), "a number or null"),
}
MESSAGE_FIELDS: Mapping[str, Tuple[Check, str]] = {
    "text": (optional(is_text), "text or null"),
    "intent": (optional(is_object), "an object or null"),
    "intent_ranking": (optional(is_list), "a list or null"),
    "entities": (is_list, "a list"),
    "metadata": (optional(is_object), "an object or null"),
}
INTENT_FIELDS: Mapping[str, Tuple[Check, str]] = {
    "name": (optional(is_text), "text or null"),
    "confidence": (optional(is_number), "a number or null"),
}


def problem_in_action_call(call: Any) -> Optional[str]:
    """The first thing wrong with an action call, as a sentence; None when it can be run."""
    if not is_object(call):
        return "The body must be a JSON object: an action call from Rasa."
    name = call.get("next_action")
    if not is_text(name) or not ACTION_NAME.fullmatch(name):
        return "'next_action' must be the name of an action (1 to 128 letters, digits, '_', '.' or '-')."
    for field in ("version", "sender_id"):
        if not optional(is_text)(call.get(field)):
            return f"'{field}' must be text or null."
    if "domain" in call:
        problem = _problem_in_object(call["domain"], "domain", DOMAIN_FIELDS)
        if problem:
            return problem
    return _problem_in_tracker(call.get("tracker"))


def _problem_in_object(value: Any, where: str, fields: Mapping[str, Tuple[Check, str]]) -> Optional[str]:
    """Whether `value` is an object whose listed fields, where present, pass their checks."""
    if not is_object(value):
        return f"'{where}' must be an object."
    for field, (check, expected) in fields.items():
        if field in value and not check(value[field]):
            return f"'{where}.{field}' must be {expected}."
    return None


def _problem_in_tracker(tracker: Any) -> Optional[str]:
    problem = _problem_in_object(tracker, "tracker", TRACKER_FIELDS)
    if problem:
        return problem
    if not is_text(tracker.get("sender_id")):
        return "'tracker.sender_id' must be text."
    for index, event in enumerate(tracker.get("events", [])):
        if not is_object(event) or not is_text(event.get("event")):
            return f"'tracker.events[{index}]' must be an object with an 'event' name."
        if event["event"] == "slot" and not is_text(event.get("name")):
            return f"'tracker.events[{index}].name' must be the slot's name."
    if not optional(is_text)((tracker.get("active_loop") or {}).get("name")):
        return "'tracker.active_loop.name' must be text or null."
    message = tracker.get("latest_message")
    return None if message is None else _problem_in_message(message)


def _problem_in_message(message: Dict[str, Any]) -> Optional[str]:
    where = "tracker.latest_message"
    problem = _problem_in_object(message, where, MESSAGE_FIELDS)
    if problem:
        return problem
    if message.get("intent") is not None:
        problem = _problem_in_object(message["intent"], f"{where}.intent", INTENT_FIELDS)
        if problem:
            return problem
    for index, intent in enumerate(message.get("intent_ranking") or []):
        problem = _problem_in_object(intent, f"{where}.intent_ranking[{index}]", INTENT_FIELDS)
        if problem:
            return problem
    for index, entity in enumerate(message.get("entities", [])):
        if not is_object(entity) or not optional(is_text)(entity.get("entity")):
            return f"'{where}.entities[{index}]' must be an object with an 'entity' name."
    return None
