"""The form's validation action on real rasa-sdk trackers: answers, synonyms, nonsense, stop."""
from __future__ import annotations

from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.meeting_prep.form import MISUNDERSTOOD_SLOT, ValidateMeetingPrepForm
from actions.meeting_prep.options import SLOTS
from tests.support.trackers import domain, tracker

DOMAIN_WITH_ANSWERS = {**domain(), "responses": {"utter_senco_role": [{"text": "..."}]}}


async def validate(text: str, requested: str, intent: str = "nlu_fallback", confidence: float = 0.2,
                   misunderstood: float = 0.0):
    dispatcher = CollectingDispatcher()
    events = await ValidateMeetingPrepForm().run(
        dispatcher,
        tracker(text, intent=intent, confidence=confidence, active_loop="meeting_prep_form",
                slots={"requested_slot": requested, MISUNDERSTOOD_SLOT: misunderstood}),
        DOMAIN_WITH_ANSWERS,
    )
    return dispatcher.messages, events


async def test_a_button_title_fills_its_slot() -> None:
    _, events = await validate("Secondary school", "setting")
    assert SlotSet("setting", "secondary") in events


async def test_free_text_and_synonyms_fill_the_slot() -> None:
    _, events = await validate("she's in reception", "setting")
    assert SlotSet("setting", "primary") in events
    _, events = await validate("dyslexia and he gets really anxious", "need_areas")
    slot_values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert set(slot_values["need_areas"]) == {"cognition_learning", "semh"}


async def test_nonsense_is_asked_again_then_explained_with_a_way_out() -> None:
    messages, events = await validate("banana", "progress")
    assert SlotSet("progress", None) in events and SlotSet(MISUNDERSTOOD_SLOT, 1.0) in events
    messages, events = await validate("banana again", "progress", misunderstood=1.0)
    assert "The choices are" in messages[0]["text"]
    assert messages[0]["buttons"] == [{"title": "Stop these questions", "payload": "stop"}]


async def test_stop_leaves_the_form_and_forgets_the_answers() -> None:
    messages, events = await validate("cancel", "setting")
    assert ActiveLoop(None) in events
    assert all(SlotSet(slot, None) in events for slot in SLOTS)
    assert "start again" in messages[0]["text"]


async def test_why_do_you_ask_gets_a_reason_and_the_question_again() -> None:
    messages, events = await validate("why do you need to know that", "current_support")
    assert messages[0]["text"].startswith(SLOTS["current_support"].why)
    assert events == [SlotSet("current_support", None)]


async def test_a_confident_question_on_another_topic_lets_the_form_step_aside() -> None:
    _, events = await validate("what does a senco do", "setting", intent="senco_role", confidence=0.9)
    assert events == []


async def test_a_possible_safeguarding_worry_always_steps_aside() -> None:
    _, events = await validate("he said he wants to hurt himself", "progress", intent="safeguarding_urgent",
                               confidence=0.35)
    assert events == []


async def test_small_talk_and_yes_no_are_read_by_the_form_not_answered_elsewhere() -> None:
    for intent in ["deny", "affirm", "out_of_scope", "greet"]:
        messages, events = await validate("nah mate", "setting", intent=intent, confidence=0.99)
        assert SlotSet("setting", None) in events, intent
