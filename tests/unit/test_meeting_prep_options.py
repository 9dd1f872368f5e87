"""The meeting form's questions and buttons, and reading parents' free-text answers."""
from __future__ import annotations

import pytest

from actions.meeting_prep.options import SLOTS, parse_answer

EXPECTED_VALUES = {
    "meeting_purpose": ("first_concern", "review", "disagreement", "ehc_assessment", "transition"),
    "setting": ("early_years", "primary", "secondary", "post16"),
    "need_areas": (
        "communication_interaction", "cognition_learning", "semh", "sensory_physical", "not_sure",
    ),
    "current_support": ("none", "sen_support", "ehc_plan", "assessment_requested"),
    "specialists_involved": ("yes", "no", "not_sure"),
    "progress": ("good", "not_enough", "dont_know"),
}
OPTIONS = [(slot, option) for slot, spec in SLOTS.items() for option in spec.options]


def test_the_slots_and_values_are_the_agreed_ones() -> None:
    assert {slot: spec.values for slot, spec in SLOTS.items()} == EXPECTED_VALUES
    assert [slot for slot, spec in SLOTS.items() if spec.multiple] == ["need_areas"]


@pytest.mark.parametrize("slot", SLOTS)
def test_each_question_is_short_plain_and_never_asks_for_a_name(slot: str) -> None:
    spec = SLOTS[slot]
    assert "?" in spec.question and len(spec.question) <= 110
    assert "name" not in spec.question.lower()
    assert spec.why and "\n" not in spec.why and len(spec.why) <= 100


@pytest.mark.parametrize(("slot", "option"), OPTIONS, ids=[f"{s}-{o.value}" for s, o in OPTIONS])
def test_a_button_title_reads_back_as_its_own_value(slot: str, option) -> None:
    expected = [option.value] if SLOTS[slot].multiple else option.value
    assert parse_answer(slot, option.title) == expected
    assert parse_answer(slot, option.title.upper()) == expected
    assert len(option.title) <= 40
    assert "_" not in option.title


@pytest.mark.parametrize(("slot", "option"), OPTIONS, ids=[f"{s}-{o.value}" for s, o in OPTIONS])
def test_a_canonical_value_reads_back_as_itself(slot: str, option) -> None:
    expected = [option.value] if SLOTS[slot].multiple else option.value
    assert parse_answer(slot, option.value) == expected


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("meeting_purpose", "It's his annual review", "review"),
        ("meeting_purpose", "we disagree about his support", "disagreement"),
        ("meeting_purpose", "I'm not happy with the support", "disagreement"),
        ("meeting_purpose", "asking about an EHCP", "ehc_assessment"),
        ("meeting_purpose", "needs assessment", "ehc_assessment"),
        ("meeting_purpose", "she's moving to secondary in September", "transition"),
        ("meeting_purpose", "starting reception", "transition"),
        ("meeting_purpose", "I'm worried about my son", "first_concern"),
        ("meeting_purpose", "I think he might have SEN", "first_concern"),
        ("setting", "reception", "primary"),
        ("setting", "he's in yr 9", "secondary"),
        ("setting", "Year 9", "secondary"),
        ("setting", "y9", "secondary"),
        ("setting", "year nine", "secondary"),
        ("setting", "year 10", "secondary"),
        ("setting", "year 1", "primary"),
        ("setting", "key stage 2", "primary"),
        ("setting", "high school", "secondary"),
        ("setting", "sixth form", "post16"),
        ("setting", "6th form", "post16"),
        ("setting", "college", "post16"),
        ("setting", "year 12", "post16"),
        ("setting", "preschool", "early_years"),
        ("setting", "pre-school", "early_years"),
        ("setting", "nursery", "early_years"),
        ("setting", "a childminder", "early_years"),
        ("current_support", "EHCP", "ehc_plan"),
        ("current_support", "he has an EHC plan", "ehc_plan"),
        ("current_support", "a statement", "ehc_plan"),
        ("current_support", "nothing", "none"),
        ("current_support", "none yet", "none"),
        ("current_support", "he doesn't get any help", "none"),
        ("current_support", "not sure", "none"),
        ("current_support", "she has an IEP", "sen_support"),
        ("current_support", "1:1 with a TA", "sen_support"),
        ("current_support", "small group work", "sen_support"),
        ("current_support", "we applied for an EHCP", "assessment_requested"),
        ("current_support", "waiting for the assessment", "assessment_requested"),
        ("current_support", "EHCP applied for", "assessment_requested"),
        ("specialists_involved", "yes", "yes"),
        ("specialists_involved", "yeah", "yes"),
        ("specialists_involved", "the EP is involved", "yes"),
        ("specialists_involved", "a speech therapist sees him", "yes"),
        ("specialists_involved", "CAMHS", "yes"),
        ("specialists_involved", "no", "no"),
        ("specialists_involved", "nobody", "no"),
        ("specialists_involved", "not yet", "no"),
        ("specialists_involved", "I don't think so", "no"),
        ("specialists_involved", "the EP isn't involved", "no"),
        ("specialists_involved", "not sure", "not_sure"),
        ("specialists_involved", "dont know", "not_sure"),
        ("specialists_involved", "no idea", "not_sure"),
        ("progress", "he's not making progress", "not_enough"),
        ("progress", "going backwards", "not_enough"),
        ("progress", "she isn't making any progress", "not_enough"),
        ("progress", "he doesn't seem to be getting better", "not_enough"),
        ("progress", "not doing well", "not_enough"),
        ("progress", "falling behind", "not_enough"),
        ("progress", "well behind", "not_enough"),
        ("progress", "he's making progress", "good"),
        ("progress", "doing well", "good"),
        ("progress", "yes", "good"),
        ("progress", "I don't know", "dont_know"),
        ("progress", "not sure", "dont_know"),
        ("progress", "nobody tells me", "dont_know"),
    ],
)
def test_common_phrasings(slot: str, text: str, expected: str) -> None:
    assert parse_answer(slot, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("autism", ["communication_interaction"]),
        ("speech", ["communication_interaction"]),
        ("dyslexia", ["cognition_learning"]),
        ("anxiety", ["semh"]),
        ("ADHD", ["semh"]),
        ("his behaviour", ["semh"]),
        ("deaf", ["sensory_physical"]),
        ("hearing", ["sensory_physical"]),
        ("she uses a wheelchair", ["sensory_physical"]),
        ("not sure", ["not_sure"]),
        ("I don't know yet", ["not_sure"]),
        ("no diagnosis yet", ["not_sure"]),
    ],
)
def test_need_areas_always_come_back_as_a_list(text: str, expected: list[str]) -> None:
    assert parse_answer("need_areas", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("autism and anxiety", ["communication_interaction", "semh"]),
        (
            "dyslexia, ADHD and he's deaf",
            ["cognition_learning", "semh", "sensory_physical"],
        ),
        ("he struggles with reading and gets very anxious", ["cognition_learning", "semh"]),
        ("anxiety, autism, anxiety again", ["communication_interaction", "semh"]),
    ],
)
def test_several_areas_in_one_message_all_come_back_in_button_order(
    text: str, expected: list[str]
) -> None:
    assert parse_answer("need_areas", text) == expected


def test_not_sure_gives_way_to_a_named_area() -> None:
    assert parse_answer("need_areas", "not sure, maybe autism") == ["communication_interaction"]


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("progress", "not sure if he's making progress", "dont_know"),
        ("progress", "no idea if she's doing well", "dont_know"),
        ("specialists_involved", "yes I think, not sure", "not_sure"),
    ],
)
def test_doubt_wins_in_a_one_answer_slot(slot: str, text: str, expected: str) -> None:
    assert parse_answer(slot, text) == expected


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("setting", "secondry", "secondary"),
        ("setting", "primry school", "primary"),
        ("setting", "nursury", "early_years"),
        ("setting", "colege", "post16"),
        ("setting", "recepton", "primary"),
        ("need_areas", "dislexia", ["cognition_learning"]),
        ("need_areas", "autisim", ["communication_interaction"]),
        ("need_areas", "anxiaty", ["semh"]),
        ("need_areas", "behavior", ["semh"]),
        ("need_areas", "speach and langauge", ["communication_interaction"]),
        ("need_areas", "wheelchiar", ["sensory_physical"]),
        ("specialists_involved", "the educational pyschologist", "yes"),
        ("progress", "going backwords", "not_enough"),
        ("meeting_purpose", "we disagre", "disagreement"),
    ],
)
def test_typos_are_forgiven(slot: str, text: str, expected: object) -> None:
    assert parse_answer(slot, text) == expected


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        # Ordinary words one letter from a keyword must not be "fixed" into it.
        ("meeting_purpose", "you might be right"),
        ("setting", "there"),
        ("need_areas", "he is very artistic"),
        ("need_areas", "waiting"),
        ("need_areas", "a medical condition"),
        ("specialists_involved", "right"),
        ("progress", "his processing"),
    ],
)
def test_real_words_are_not_mistaken_for_typos(slot: str, text: str) -> None:
    assert parse_answer(slot, text) is None


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("setting", "primary or secondary"),
        ("setting", "year 6 going to secondary"),
        ("current_support", "no EHCP but gets SEN support"),
        ("progress", "better at reading but behind in maths"),
    ],
)
def test_a_reply_pointing_two_ways_is_not_guessed(slot: str, text: str) -> None:
    assert parse_answer(slot, text) is None


@pytest.mark.parametrize("slot", SLOTS)
@pytest.mark.parametrize("text", ["banana", "", "   ", "asdfghjkl", "hello there", "?!", "42"])
def test_nonsense_is_not_understood(slot: str, text: str) -> None:
    assert parse_answer(slot, text) is None


def test_a_reply_that_is_not_text_is_not_understood() -> None:
    assert parse_answer("setting", None) is None


def test_an_unknown_slot_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown slot 'school'"):
        parse_answer("school", "primary")
