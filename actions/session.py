"""Start of a conversation: remember which council's site the parent is on."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.council_context import REGISTRY, slug_from_metadata

# Slots that belong to one session only and are never carried into the next.
SESSION_ONLY_SLOTS = frozenset({"session_started_metadata", "requested_slot"})


class ActionSessionStart(Action):
    """Carry slots over as Rasa does, and set the council from the first message's metadata."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        if domain.get("session_config", {}).get("carry_over_slots_to_new_session", True):
            events.extend(
                SlotSet(name, value)
                for name, value in tracker.current_slot_values().items()
                if name not in SESSION_ONLY_SLOTS and value is not None
            )
        requested = slug_from_metadata(tracker.get_slot("session_started_metadata"))
        if requested is not None or tracker.get_slot("council") is None:
            # An unknown slug is stored as the default's, so every answer agrees.
            events.append(SlotSet("council", REGISTRY.get(requested).slug))
        events.append(ActionExecuted("action_listen"))
        return events
