"""The meeting-preparation form in Rasa: ask each question, read the reply, leave cleanly.

The questions, answers and free-text reading live in options.py; this module is the glue
with the dialogue. A reply that is not an answer but a question the assistant can answer
(an FAQ, "talk to a person", a safeguarding worry) is left unextracted, so the form steps
aside, the rules answer it, and the form asks its question again.
"""
from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.meeting_prep.options import SLOTS, parse_answer
from actions.topics import CHAT_ANSWERS

FORM = "meeting_prep_form"
MISUNDERSTOOD_SLOT = "meeting_prep_misunderstood"
# "stop", "cancel please", "I want to quit" ... but not "stop the support" inside an answer.
STOP = re.compile(
    r"^\W*(?:(?:i\s+)?(?:want|wanna|would like)\s+to\s+)?(?:stop|cancel|quit|exit|leave|end)\b"
    r"(?:\s+(?:it|this|that|now|please|the questions))*\W*$",
    re.IGNORECASE,
)
WHY = re.compile(r"^\W*why\b|\bwhy (?:do|are|would|is|does) (?:you|it|that|this)\b", re.IGNORECASE)
# The form steps aside for a confident question on another topic ...
INTERRUPT_CONFIDENCE = 0.5
# ... and at a much lower confidence for a possible safeguarding worry.
SAFEGUARDING_CONFIDENCE = 0.3
STOP_BUTTON = {"title": "Stop these questions", "payload": "stop"}
# Replies the form always reads itself (as an answer, or as not understood): small talk and
# yes/no are answers here, and "something else" should get the choices explained.
FORM_READS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "out_of_scope", "meeting_prep"})


def option_buttons(slot: str) -> List[Dict[str, str]]:
    """The answers to a question as buttons; the payload is the title, read by parse_answer."""
    return [{"title": option.title, "payload": option.title} for option in SLOTS[slot].options]


def is_interruption(latest_message: Dict[Text, Any], domain: Dict[Text, Any]) -> bool:
    """True when the reply is a question the assistant should answer before going on."""
    intent = latest_message.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence") or 0.0
    if name == "safeguarding_urgent":
        return confidence >= SAFEGUARDING_CONFIDENCE
    if name in FORM_READS:
        return False
    answerable = name in CHAT_ANSWERS or f"utter_{name}" in domain.get("responses", {})
    return answerable and confidence >= INTERRUPT_CONFIDENCE


def times_misunderstood(tracker: Tracker) -> float:
    """How often the current question was not understood; any API client can set the slot."""
    count = tracker.get_slot(MISUNDERSTOOD_SLOT)
    usable = isinstance(count, (int, float)) and not isinstance(count, bool) and math.isfinite(count)
    return float(count) if usable else 0.0


def stop_events() -> List[EventType]:
    """Leave the form and forget every answer given so far."""
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        *(SlotSet(slot, None) for slot in SLOTS),
        SlotSet(MISUNDERSTOOD_SLOT, 0.0),
    ]


class ValidateMeetingPrepForm(FormValidationAction):
    """Read each reply; handle "stop", "why do you ask?" and replies it cannot understand."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        text = tracker.latest_message.get("text") or ""
        if not isinstance(requested, str) or requested not in SLOTS:
            return []
        if STOP.match(text):
            dispatcher.utter_message(
                text="OK, I've stopped the meeting questions and forgotten your answers. "
                "To start again, say \"help me prepare for a meeting\".",
                buttons=[{"title": "Start again", "payload": "/meeting_prep"}],
            )
            return stop_events()
        if WHY.search(text):
            dispatcher.utter_message(text=f"{SLOTS[requested].why} I never ask for names.")
            return [SlotSet(requested, None)]
        value = parse_answer(requested, text)
        if value is not None:
            return [SlotSet(requested, value), SlotSet(MISUNDERSTOOD_SLOT, 0.0)]
        if is_interruption(tracker.latest_message, domain):
            return []
        return self._not_understood(dispatcher, tracker, requested)

    @staticmethod
    def _not_understood(
        dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text
    ) -> List[EventType]:
        """Say so; the second time, explain the choices and offer a way out."""
        misunderstood = times_misunderstood(tracker) + 1
        if misunderstood < 2:
            dispatcher.utter_message(text="Sorry, I didn't quite follow. Could you pick one of the options?")
        else:
            choices = "\n".join(f"- {option.title}" for option in SLOTS[slot].options)
            dispatcher.utter_message(
                text=f"I'm still not sure which answer fits. {SLOTS[slot].why} The choices are:\n"
                f"{choices}\n\nTap one, type it in a few words, or stop here if you'd rather.",
                buttons=[STOP_BUTTON],
            )
        return [SlotSet(slot, None), SlotSet(MISUNDERSTOOD_SLOT, misunderstood)]


class AskMeetingPrepQuestion(Action, ABC):
    """Ask one form question with its answers as buttons (text from options.py)."""

    @property
    @abstractmethod
    def slot(self) -> Text:
        """The slot this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=SLOTS[self.slot].question, buttons=option_buttons(self.slot))
        return []


class ActionAskMeetingPurpose(AskMeetingPrepQuestion):
    slot = "meeting_purpose"


class ActionAskSetting(AskMeetingPrepQuestion):
    slot = "setting"


class ActionAskNeedAreas(AskMeetingPrepQuestion):
    slot = "need_areas"


class ActionAskCurrentSupport(AskMeetingPrepQuestion):
    slot = "current_support"


class ActionAskSpecialistsInvolved(AskMeetingPrepQuestion):
    slot = "specialists_involved"


class ActionAskProgress(AskMeetingPrepQuestion):
    slot = "progress"
