"""Which intents answer how: the one list shared by the custom actions and the rule generator.

FAQ topics are the intents with a `utter_<topic>` answer in data/responses/. The other
intents below are answered the same way in or out of a form, so a parent can ask them in
the middle of the meeting-preparation questions and carry on afterwards.
"""
from __future__ import annotations

from typing import Dict, List

# FAQ topics whose answer is followed by the council's own contact details.
LOCAL_DETAIL_TOPICS = frozenset(
    {"sendiass", "parent_carer_forum", "complaints", "ehc_needs_assessment", "local_offer"}
)

# Conversation intents that interrupt a form: intent -> the actions that answer it.
CHAT_ANSWERS: Dict[str, List[str]] = {
    "bot_challenge": ["utter_bot_challenge"],
    "help": ["utter_help"],
    "human_handoff": ["action_human_handoff"],
    "local_contacts": ["action_local_contacts"],
}


def faq_answer_actions(topic: str) -> List[str]:
    """The actions that answer an FAQ topic: its response, then any local detail."""
    actions = [f"utter_{topic}"]
    if topic in LOCAL_DETAIL_TOPICS:
        actions.append("action_add_local_detail")
    return actions
