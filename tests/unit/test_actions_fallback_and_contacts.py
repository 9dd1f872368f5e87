"""Custom actions run on real rasa-sdk trackers with the real domain and council files."""
from __future__ import annotations

from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import (
    ActionAddLocalDetail,
    ActionHumanHandoff,
    ActionLocalContacts,
    ActionSafeguardingUrgent,
)
from actions.council_context import REGISTRY
from actions.fallback import ActionDefaultAskAffirmation, ActionDefaultFallback
from actions.session import ActionSessionStart
from tests.support.trackers import domain, tracker

EXAMPLESHIRE = REGISTRY.get("exampleshire")
SAMPLETON = REGISTRY.get("sampleton")


async def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, domain())
    return dispatcher.messages, events


def all_text(messages) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


async def test_did_you_mean_offers_plain_titles_and_a_way_out() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.6},
        {"name": "cycle_plan", "confidence": 0.41},
        {"name": "support_plan", "confidence": 0.38},
        {"name": "affirm", "confidence": 0.1},
        {"name": "outcomes_targets", "confidence": 0.07},
        {"name": "funding", "confidence": 0.01},
    ]
    messages, events = await run(ActionDefaultAskAffirmation(), tracker("the plan thing", ranking=ranking))
    buttons = messages[-1]["buttons"]
    assert [b["payload"] for b in buttons] == ["/cycle_plan", "/support_plan", "/outcomes_targets", "/out_of_scope"]
    assert buttons[0]["title"] == "Planning the support"
    assert buttons[-1]["title"] == "None of these"
    assert "999" not in all_text(messages)
    assert events == []


async def test_did_you_mean_gives_emergency_routes_first_when_danger_is_possible() -> None:
    ranking = [
        {"name": "behaviour_unmet_needs", "confidence": 0.35},
        {"name": "safeguarding_urgent", "confidence": 0.3},
    ]
    messages, _ = await run(
        ActionDefaultAskAffirmation(),
        tracker("he hurts himself", ranking=ranking, slots={"council": "exampleshire"}),
    )
    assert "999" in messages[0]["text"]
    assert EXAMPLESHIRE.childrens_services.phone in messages[0]["text"]


async def test_final_fallback_gives_a_person_to_talk_to_and_forgets_the_message() -> None:
    messages, events = await run(
        ActionDefaultFallback(), tracker("qwerty", intent="nlu_fallback", slots={"council": "sampleton"})
    )
    assert SAMPLETON.sendiass.phone in all_text(messages)
    assert events == [UserUtteranceReverted()]


async def test_session_start_keeps_the_council_from_the_widget_metadata() -> None:
    start = tracker(slots={"session_started_metadata": {"council": "sampleton"}})
    _, events = await run(ActionSessionStart(), start)
    assert SlotSet("council", "sampleton") in events
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"


async def test_session_start_with_an_unknown_council_uses_the_default() -> None:
    _, events = await run(ActionSessionStart(), tracker(slots={"session_started_metadata": {"council": "atlantis"}}))
    assert SlotSet("council", REGISTRY.default.slug) in events


async def test_session_start_carries_the_council_over_when_no_metadata() -> None:
    _, events = await run(ActionSessionStart(), tracker(slots={"council": "exampleshire"}))
    assert SlotSet("council", "exampleshire") in events


async def test_local_contacts_are_the_conversations_council() -> None:
    a, _ = await run(ActionLocalContacts(), tracker(intent="local_contacts", slots={"council": "exampleshire"}))
    b, _ = await run(ActionLocalContacts(), tracker(intent="local_contacts", slots={"council": "sampleton"}))
    assert EXAMPLESHIRE.sendiass.phone in all_text(a) and SAMPLETON.sendiass.phone not in all_text(a)
    assert SAMPLETON.sendiass.phone in all_text(b) and EXAMPLESHIRE.sendiass.phone not in all_text(b)


async def test_human_handoff_names_the_local_sendiass() -> None:
    messages, _ = await run(ActionHumanHandoff(), tracker(intent="human_handoff", slots={"council": "exampleshire"}))
    assert EXAMPLESHIRE.sendiass.phone in all_text(messages)
    assert EXAMPLESHIRE.sendiass.opening_hours in all_text(messages)


async def test_safeguarding_gives_999_and_childrens_services_and_asks_nothing() -> None:
    messages, events = await run(
        ActionSafeguardingUrgent(), tracker(intent="safeguarding_urgent", slots={"council": "sampleton"})
    )
    text = all_text(messages)
    assert text.splitlines()[0].count("999") == 1
    assert SAMPLETON.childrens_services.phone in text
    assert SAMPLETON.childrens_services.out_of_hours_phone in text
    assert "?" not in text
    assert SlotSet("requested_slot", None) in events


async def test_local_detail_follows_answers_about_local_services_only() -> None:
    sendiass, _ = await run(ActionAddLocalDetail(), tracker(intent="sendiass", slots={"council": "sampleton"}))
    other, _ = await run(ActionAddLocalDetail(), tracker(intent="what_is_sen", slots={"council": "sampleton"}))
    assert SAMPLETON.sendiass.phone in all_text(sendiass)
    assert other == []
