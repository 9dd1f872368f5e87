"""Slots any API client can set to anything: odd values get the normal behaviour, not a crash.

Each case was a 500 from the action server (and no answer for the parent) until the fuzz
test in tests/fuzz/ found it.
"""
from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.council_context import REGISTRY
from actions.meeting_prep.form import MISUNDERSTOOD_SLOT, ValidateMeetingPrepForm
from actions.meeting_prep.options import SLOTS
from actions.meeting_prep.plan_action import ActionBuildMeetingPlan
from actions.session import ActionSessionStart
from tests.support.trackers import domain, tracker


async def test_session_start_takes_the_default_council_when_the_metadata_is_not_an_object() -> None:
    events = await ActionSessionStart().run(
        CollectingDispatcher(), tracker(slots={"session_started_metadata": "exampleshire"}), domain()
    )
    assert SlotSet("council", REGISTRY.get(None).slug) in events


async def test_the_form_reads_nothing_when_the_requested_slot_is_not_a_slot_name() -> None:
    dispatcher = CollectingDispatcher()
    slots = {"requested_slot": ["setting"]}
    events = await ValidateMeetingPrepForm().run(dispatcher, tracker("primary school", slots=slots), domain())
    assert events == [] and dispatcher.messages == []


async def test_a_misunderstood_count_that_is_not_a_number_counts_as_the_first_time() -> None:
    dispatcher = CollectingDispatcher()
    slots = {"requested_slot": "progress", MISUNDERSTOOD_SLOT: "twice"}
    events = await ValidateMeetingPrepForm().run(
        dispatcher, tracker("banana", intent="nlu_fallback", confidence=0.2, slots=slots), domain()
    )
    assert SlotSet(MISUNDERSTOOD_SLOT, 1.0) in events
    assert "didn't quite follow" in dispatcher.messages[0]["text"]


async def test_no_meeting_plan_is_built_from_answers_the_form_never_gives() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionBuildMeetingPlan().run(
        dispatcher, tracker(slots={name: "made up" for name in SLOTS}), domain()
    )
    assert dispatcher.messages == []
    assert all(SlotSet(name, None) in events for name in SLOTS), "the odd answers are cleared"
