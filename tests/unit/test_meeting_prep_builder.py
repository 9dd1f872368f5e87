"""Meeting plans for every possible set of answers, built from the shipped content file.

The combinations are listed here from the raw option values, independently of the code under
test, with need_areas as every non-empty subset of the five areas (31 of them).
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from actions.meeting_prep.builder import build_plan
from actions.meeting_prep.content import HEADINGS, MeetingContent, load_content
from actions.meeting_prep.options import SLOTS
from actions.meeting_prep.plan import MeetingPlan

SENDIASS = "Exampleshire SENDIASS\nPhone: 01234 567890 (Monday to Friday, 9am to 5pm)"
PLACEHOLDERS = ("[child's name]", "[date]", "[your name]")
SECTION_36 = "Children and Families Act 2014, section 36"
# Values that are not ordinary words; none may ever be shown to a parent.
RAW_IDS = re.compile(
    "|".join(
        rf"\b{re.escape(value)}\b"
        for spec in SLOTS.values()
        for value in spec.values
        if "_" in value or any(c.isdigit() for c in value) or value == "semh"
    )
)
AREAS = SLOTS["need_areas"].values
NUMBERED_LINE = re.compile(r"^\d+\. .*$", re.MULTILINE)


@pytest.fixture(scope="module")
def content() -> MeetingContent:
    return load_content()


def all_answers() -> Iterator[dict[str, Any]]:
    area_sets = [
        list(subset)
        for size in range(1, len(AREAS) + 1)
        for subset in itertools.combinations(AREAS, size)
    ]
    single = [SLOTS[s].values for s in SLOTS if s != "need_areas"]
    names = [s for s in SLOTS if s != "need_areas"]
    for values in itertools.product(*single):
        for areas in area_sets:
            yield {**dict(zip(names, values)), "need_areas": areas}


def answers(**chosen: Any) -> dict[str, Any]:
    base = {
        "meeting_purpose": "review",
        "setting": "primary",
        "need_areas": ["cognition_learning"],
        "current_support": "sen_support",
        "specialists_involved": "no",
        "progress": "good",
    }
    return {**base, **chosen}


def chosen_ids(plan: MeetingPlan, content: MeetingContent) -> list[str]:
    ids = {q.text: q.id for q in content.questions}
    return [ids[text] for text in plan.questions]


def expected_to_hold(when: Any, given: dict[str, Any]) -> bool:
    """The condition rules, written again from the brief: all keys, any value, any area."""
    areas = set(given["need_areas"])
    if len(areas) > 1:
        areas.discard("not_sure")
    for requirement in when.requirements:
        answer = areas if requirement.slot == "need_areas" else {given[requirement.slot]}
        if not answer & requirement.values:
            return False
    return True


def test_every_combination_gives_a_sound_plan(content: MeetingContent) -> None:
    count = 0
    rendered: set[MeetingPlan] = set()  # many answer sets give the same plan; check it once
    for given in all_answers():
        count += 1
        plan = build_plan(given, content, SENDIASS)
        ids = chosen_ids(plan, content)
        where = f"for {given}"

        assert 8 <= len(ids) <= 15, where
        assert len(set(ids)) == len(ids), where
        assert {"progress_measure", "review_date"} <= set(ids), where
        headings = [section.heading for section in plan.sections]
        assert headings == [h for h in HEADINGS if h in headings], where
        assert all(section.questions for section in plan.sections), where
        for question in content.questions:
            wanted = expected_to_hold(question.when, given)
            assert (question.id in ids) == wanted, (question.id, where)

        purpose, progress = given["meeting_purpose"], given["progress"]
        if purpose == "disagreement":
            assert {"disagreement_evidence", "disagreement_guidance"} <= set(ids), where
        if progress == "not_enough":
            assert "what_will_change" in ids, where
            assert {"specialist_advice_sought", "specialist_go_back"} & set(ids), where
        if purpose == "ehc_assessment":
            assert "ehc_tried" in ids, where
            reminder = [t for t in plan.tips if t.source == SECTION_36]
            assert len(reminder) == 1 and "ask the council" in reminder[0].text, where
        if purpose == "transition":
            assert "transition_information" in ids, where
        if given["current_support"] == "ehc_plan":
            assert "annual_review" in ids, where

        if plan not in rendered:
            check_rendering(plan, where)
            rendered.add(plan)
    assert count == 5 * 4 * 31 * 4 * 3 * 3


def check_rendering(plan: MeetingPlan, where: str) -> None:
    """Payload and text carry the same plan, with no raw ids or unfilled markers."""
    text = plan.to_text()
    payload = plan.to_payload()
    assert json.loads(json.dumps(payload)) == payload, where
    assert payload["type"] == "meeting_plan"
    assert [s["heading"] for s in payload["sections"]] == [s.heading for s in plan.sections]
    questions = [q for s in payload["sections"] for q in s["questions"]]
    expected = [f"{n}. {question}" for n, question in enumerate(questions, 1)]
    # Numbered once in the plan and once in the email, the same way both times.
    assert NUMBERED_LINE.findall(text) == expected * 2, where
    assert NUMBERED_LINE.findall(payload["email"]["body"]) == expected, where
    for tip in payload["tips"]:
        assert tip["text"] in text and (tip["source"] is None or tip["source"] in text), where
    assert payload["email"]["subject"] in text and payload["email"]["body"] in text, where
    assert all(step in text for step in payload["next_steps"]), where
    assert any(SENDIASS in step for step in payload["next_steps"]), where
    email = payload["email"]["subject"] + payload["email"]["body"]
    assert all(p in email for p in PLACEHOLDERS), where
    assert not RAW_IDS.search(text), (RAW_IDS.search(text), where)
    assert "{" not in text and "}" not in text, where


def test_the_text_reads_in_order(content: MeetingContent) -> None:
    text = build_plan(answers(), content, SENDIASS).to_text()
    lines = text.splitlines()
    assert lines[0] == content.title
    order = [lines.index(h) for h in ("Understanding the needs", "Tips for the meeting",
                                      "Email to send before the meeting", "Next steps")]
    assert order == sorted(order)
    assert "Subject: Questions for our meeting about [child's name] on [date]" in lines


def test_the_three_meetings_tip_shows_its_source(content: MeetingContent) -> None:
    text = build_plan(answers(), content, SENDIASS).to_text()
    assert "three times a year" in text
    assert "(Source: SEND Code of Practice 2015, paragraph 6.65)" in text


def test_a_young_person_is_told_they_can_ask_for_an_assessment_themselves(
    content: MeetingContent,
) -> None:
    given = answers(meeting_purpose="ehc_assessment", setting="post16")
    (reminder,) = [t for t in build_plan(given, content, SENDIASS).tips if t.source == SECTION_36]
    assert "themselves" in reminder.text


def test_a_disagreement_gets_the_routes_onward(content: MeetingContent) -> None:
    plan = build_plan(answers(meeting_purpose="disagreement"), content, SENDIASS)
    assert any("disagreement resolution" in step for step in plan.next_steps)


def test_not_sure_alongside_an_area_is_the_area_alone(content: MeetingContent) -> None:
    with_doubt = build_plan(answers(need_areas=["semh", "not_sure"]), content, SENDIASS)
    without = build_plan(answers(need_areas=["semh"]), content, SENDIASS)
    assert with_doubt == without


def test_other_slots_in_the_answers_are_ignored(content: MeetingContent) -> None:
    given = {**answers(), "council": "exampleshire", "requested_slot": None}
    assert build_plan(given, content, SENDIASS) == build_plan(answers(), content, SENDIASS)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"progress": None}, "progress has no answer"),
        ({"setting": "college"}, "setting must be one of"),
        ({"need_areas": []}, "need_areas must be one of"),
        ({"need_areas": ["semh", "maths"]}, "need_areas must be one of"),
        ({"meeting_purpose": ["review"]}, "meeting_purpose must be one of"),
    ],
)
def test_missing_or_unknown_answers_are_refused(
    content: MeetingContent, bad: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_plan(answers(**bad), content, SENDIASS)


@pytest.mark.parametrize("contact", ["", "   ", None])
def test_a_plan_needs_the_sendiass_contact(content: MeetingContent, contact: Any) -> None:
    with pytest.raises(ValueError, match="sendiass_contact"):
        build_plan(answers(), content, contact)


def test_a_plan_cannot_be_changed_once_built(content: MeetingContent) -> None:
    plan = build_plan(answers(), content, SENDIASS)
    with pytest.raises(AttributeError):
        plan.title = "Something else"  # type: ignore[misc]
