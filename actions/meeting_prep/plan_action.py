"""Give the parent their meeting question list when the form is done, then forget the answers."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.council_context import council_for
from actions.councils.render import sendiass_contact_text
from actions.meeting_prep.builder import build_plan
from actions.meeting_prep.content import MeetingContentError, load_content
from actions.meeting_prep.form import MISUNDERSTOOD_SLOT
from actions.meeting_prep.options import SLOTS

logger = logging.getLogger(__name__)

try:
    CONTENT = load_content()
except MeetingContentError as error:
    # Refuse to start rather than hand a parent an empty or broken list later.
    raise SystemExit(f"The action server cannot start. {error}") from None


class ActionBuildMeetingPlan(Action):
    """The tailored questions, tips and email, as text for any channel and a widget payload."""

    def name(self) -> Text:
        return "action_build_meeting_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        answers = {slot: tracker.get_slot(slot) for slot in SLOTS}
        if all(value is not None for value in answers.values()):
            try:
                plan = build_plan(answers, CONTENT, sendiass_contact_text(council_for(tracker)))
            except ValueError:
                # Answers the form never sets (the slots were set some other way): no plan
                # built on a guess, and no answer values in the log.
                logger.warning("No meeting plan: the meeting-preparation slots hold answers the form does not offer.")
            else:
                dispatcher.utter_message(text=plan.to_text(), json_message=plan.to_payload())
        # Stopped part-way (or stopped by a safeguarding answer): nothing to give. Either way
        # nothing the parent chose is kept for the rest of the conversation.
        return [*(SlotSet(slot, None) for slot in SLOTS), SlotSet(MISUNDERSTOOD_SLOT, 0.0)]
