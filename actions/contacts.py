"""Answers that send a parent somewhere: they use the conversation's council configuration."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.council_context import council_for
from actions.councils.render import (
    human_handoff_text,
    local_addendum,
    local_contacts_text,
    safeguarding_text,
)


class ActionLocalContacts(Action):
    """The council's SENDIASS, parent carer forum, Local Offer and SEN team."""

    def name(self) -> Text:
        return "action_local_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=local_contacts_text(council_for(tracker)))
        return []


class ActionHumanHandoff(Action):
    """The route to a person: an assistant cannot hand over a chat, so it says who to call."""

    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=human_handoff_text(council_for(tracker)))
        return []


class ActionSafeguardingUrgent(Action):
    """Emergency routes at once, and nothing asked back."""

    def name(self) -> Text:
        return "action_safeguarding_urgent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=safeguarding_text(council_for(tracker)))
        # Whatever was being asked is dropped: the parent should not be asked anything now.
        return [SlotSet("requested_slot", None)]


class ActionAddLocalDetail(Action):
    """After an FAQ answer about a local service, add the council's own details."""

    def name(self) -> Text:
        return "action_add_local_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        topic = (tracker.latest_message.get("intent") or {}).get("name", "")
        detail = local_addendum(council_for(tracker), topic)
        if detail:
            dispatcher.utter_message(text=detail)
        return []
