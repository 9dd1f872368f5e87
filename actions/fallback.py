"""The two-stage fallback, made for worried parents: real choices first, then a person.

Rasa's TwoStageFallback calls `action_default_ask_affirmation` when it is unsure, then asks
the parent to rephrase, and finally runs `action_default_fallback`. The stock versions show
an intent id ("Did you mean 'cycle_plan'?") and end in "Sorry, I didn't get that"; these
show plain-English topic buttons and end with the route to a person.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.council_context import council_for
from actions.councils.render import human_handoff_text, safeguarding_text
from actions.topic_titles import topic_titles

# Intents that are no useful answer to "did you mean ...?".
NOT_OFFERED = frozenset({"nlu_fallback", "affirm", "deny", "greet", "goodbye", "thank", "out_of_scope"})
# A hint of danger is answered with the emergency routes straight away, even when unsure:
# a wrong safeguarding answer costs a parent a few seconds, a missed one could cost far more.
SAFEGUARDING_FLOOR = 0.15
MAX_CHOICES = 3
MIN_CHOICE_CONFIDENCE = 0.05


def candidate_topics(latest_message: Dict[Text, Any]) -> List[Text]:
    """The most likely topics for the last message, best first, at most MAX_CHOICES."""
    titles = topic_titles()
    ranking = latest_message.get("intent_ranking") or []
    return [
        entry["name"]
        for entry in ranking
        if entry.get("name") in titles
        and entry["name"] not in NOT_OFFERED
        and (entry.get("confidence") or 0.0) >= MIN_CHOICE_CONFIDENCE
    ][:MAX_CHOICES]


def hints_at_danger(latest_message: Dict[Text, Any]) -> bool:
    """True when safeguarding_urgent is a plausible reading of the last message."""
    return any(
        entry.get("name") == "safeguarding_urgent"
        and (entry.get("confidence") or 0.0) >= SAFEGUARDING_FLOOR
        for entry in (latest_message.get("intent_ranking") or [])[:MAX_CHOICES]
    )


class ActionDefaultAskAffirmation(Action):
    """Offer the closest topics as buttons, plus "None of these" (which asks to rephrase).

    Rasa's loop then goes: did you mean -> rephrase -> did you mean -> the route to a
    person (action_default_fallback), so a parent is never sent round in circles.
    """

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if hints_at_danger(tracker.latest_message):
            dispatcher.utter_message(text=safeguarding_text(council_for(tracker)))
        titles = topic_titles()
        buttons = [
            {"title": titles[topic], "payload": f"/{topic}"}
            for topic in candidate_topics(tracker.latest_message)
        ]
        # TwoStageFallback reads /out_of_scope as "none of these" and asks to rephrase.
        buttons.append({"title": "None of these", "payload": "/out_of_scope"})
        dispatcher.utter_message(
            text="I'm not completely sure what you mean. Is it one of these?", buttons=buttons
        )
        return []


class ActionDefaultAskRephrase(Action):
    """After "none of these": ask for other words, with examples of what works."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            text="Sorry, I'm not sure I understood. Could you say it another way, in a few words? "
            "For example: \"what does a SENCO do\" or \"how often should school meet me\"."
        )
        return []


class ActionDefaultFallback(Action):
    """Give the route to a person when the assistant still cannot tell what is needed."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            text="Sorry, I still can't work out how to help with that. A person can:\n\n"
            + human_handoff_text(council_for(tracker))
        )
        # Forget the message that could not be understood, so the conversation carries on.
        return [UserUtteranceReverted()]
