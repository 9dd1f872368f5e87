"""The shipped meeting content is valid, and a broken content file fails loudly and clearly.

Broken files are made from a small valid file built here, not from the shipped one, so these
tests keep working whatever editors change in the real wording.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.meeting_prep.answers import every_combination
from actions.meeting_prep.content import (
    CONTENT_FILE,
    EMAIL_PLACEHOLDERS,
    HEADINGS,
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    REQUIRED_QUESTIONS,
    MeetingContentError,
    load_content,
)

ALWAYS = {"always": True}


def small_valid_file() -> dict[str, Any]:
    """Eight questions every parent gets, plus one for disagreements: always 8 or 9."""
    def question(qid: str, text: str, **extra: Any) -> dict[str, Any]:
        return {"id": qid, "text": text, **(extra or ALWAYS)}

    return {
        "title": "Your meeting plan",
        "sections": [
            {"heading": HEADINGS[0], "questions": [
                question("needs", "What are my child's needs?"),
                question("views", "How are my child's views heard?"),
                question("evidence", "What is your evidence?",
                         when={"meeting_purpose": ["disagreement"]}),
            ]},
            {"heading": HEADINGS[1], "questions": [
                question("support", "What help will my child get?"),
                question("who", "Who gives the help?"),
            ]},
            {"heading": HEADINGS[2], "questions": [
                question("progress_measure", "How will progress be measured?"),
                question("review_date", "When is the next review?"),
            ]},
            {"heading": HEADINGS[3], "questions": [
                question("specialist", "Has specialist advice been sought?"),
            ]},
            {"heading": HEADINGS[4], "questions": [
                question("home", "What can I do at home?"),
            ]},
        ],
        "tips": [{"text": "Write your questions down."}],
        "email": {
            "subject": "Meeting about [child's name] on [date]",
            "body": "Dear teacher,\n\n{questions}\n\nKind regards,\n[your name]",
        },
        "next_steps": [{"text": "Contact SENDIASS: {sendiass_contact}"}],
    }


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "meeting_prep.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems_in(path: Path) -> str:
    """The error message for a broken file; it must name the file."""
    with pytest.raises(MeetingContentError) as caught:
        load_content(path)
    message = str(caught.value)
    assert str(path) in message
    assert caught.value.path == path and caught.value.problems
    return message


def questions(data: dict[str, Any], heading: int) -> list[dict[str, Any]]:
    return data["sections"][heading]["questions"]


# --- the shipped file -------------------------------------------------------------------------


def test_the_shipped_file_is_valid_and_complete() -> None:
    content = load_content()
    assert content.path == CONTENT_FILE
    assert [h for h in HEADINGS if any(q.heading == h for q in content.questions)] == list(HEADINGS)
    by_id = {q.id: q for q in content.questions}
    for question_id, heading in REQUIRED_QUESTIONS.items():
        assert by_id[question_id].heading == heading
        assert not by_id[question_id].when.requirements
    assert all(p in content.email.subject + content.email.body for p in EMAIL_PLACEHOLDERS)


def test_every_answer_combination_gives_a_plan_of_the_right_size() -> None:
    content = load_content()
    sizes = {len(content.questions_for(answers)) for answers in every_combination()}
    assert MIN_QUESTIONS <= min(sizes) and max(sizes) <= MAX_QUESTIONS


def test_the_shipped_tips_cover_the_meeting_advice() -> None:
    tips = " ".join(tip.text for tip in load_content().tips).lower()
    for advice in ("write your questions down", "senco", "at a time that suits you", "friend",
                   "relative", "sendiass", "dated", "email confirming", "written record",
                   "three times a year"):
        assert advice in tips, advice


def test_the_three_meetings_tip_says_should_and_cites_the_code() -> None:
    (tip,) = [t for t in load_content().tips if "three times a year" in t.text]
    assert "should" in tip.text and "must" not in tip.text
    assert tip.source == "SEND Code of Practice 2015, paragraph 6.65"


def test_the_shipped_text_avoids_known_misconceptions() -> None:
    content = load_content()
    everything = " ".join(
        [q.text for q in content.questions] + [t.text for t in content.tips]
        + [s.text for s in content.next_steps] + [content.email.body]
    ).lower()
    for wrong in ("£6,000", "6,000", "diagnosis is needed", "must meet you three", "20 weeks"):
        assert wrong not in everything, wrong


# --- the small valid file used below ------------------------------------------------------------


def test_the_small_file_used_below_is_valid(tmp_path: Path) -> None:
    content = load_content(write(tmp_path, small_valid_file()))
    assert len(content.questions) == 9


def test_yes_and_no_need_no_quotes(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 0)[2]["when"] = "CONDITION"
    path = write(tmp_path, data)
    path.write_text(path.read_text().replace("CONDITION", "{specialists_involved: [no, yes]}"))
    (evidence,) = [q for q in load_content(path).questions if q.id == "evidence"]
    assert evidence.when.requirements[0].values == {"no", "yes"}


# --- broken files ----------------------------------------------------------------------------


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "meeting_prep.yml"
    path.write_text("title: Plan\nsections:\n  - heading: [Understanding\n    questions: []\n")
    assert "is not valid YAML at line 4" in problems_in(path)


def test_a_repeated_key_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, small_valid_file())
    path.write_text(path.read_text().replace("title: Your meeting plan", "title: A\ntitle: B"))
    assert "the key 'title' appears twice" in problems_in(path)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    assert "cannot be read" in problems_in(tmp_path / "meeting_prep.yml")


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "meeting_prep.yml"
    path.write_text("")
    assert "expected keys title, sections" in problems_in(path)


def test_a_missing_question_text_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    del questions(data, 1)[0]["text"]
    message = problems_in(write(tmp_path, data))
    assert "entry 1 (id 'support'): the field 'text' is missing" in message


def test_a_missing_top_level_field_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    del data["email"]
    assert "the field 'email' is missing" in problems_in(write(tmp_path, data))


def test_an_empty_text_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    data["tips"][0]["text"] = "  "
    assert "tips, entry 1: 'text' needs some text" in problems_in(write(tmp_path, data))


def test_an_unknown_key_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    data = small_valid_file()
    evidence = questions(data, 0)[2]
    evidence["wen"] = evidence.pop("when")
    message = problems_in(write(tmp_path, data))
    assert "unknown key 'wen' (did you mean 'when'?)" in message


def test_an_unknown_slot_in_a_condition_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 0)[2]["when"] = {"meeting_type": ["disagreement"]}
    message = problems_in(write(tmp_path, data))
    assert "question 'evidence', when: unknown slot 'meeting_type'" in message


def test_an_unknown_value_in_a_condition_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 0)[2]["when"] = {"setting": ["college"]}
    message = problems_in(write(tmp_path, data))
    assert "unknown value for setting 'college'" in message
    assert "early_years, primary, secondary, post16" in message


def test_a_condition_with_no_values_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 0)[2]["when"] = {"setting": []}
    assert "give a value or a list of values" in problems_in(write(tmp_path, data))


def test_a_duplicate_question_id_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 1)[1]["id"] = "support"
    assert "the question id 'support' is used twice" in problems_in(write(tmp_path, data))


def test_a_bad_question_id_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 1)[1]["id"] = "Who Gives Help"
    assert "the id must be lower-case letters" in problems_in(write(tmp_path, data))


def test_an_unknown_heading_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    data["sections"][3]["heading"] = "Specialist help"
    message = problems_in(write(tmp_path, data))
    assert "unknown heading 'Specialist help' (did you mean 'Specialists'?)" in message


def test_a_heading_with_no_questions_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    data["sections"][4]["questions"] = []
    assert "the heading 'Next steps and escalation' has no questions" in problems_in(
        write(tmp_path, data)
    )


def test_headings_out_of_order_are_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    data["sections"].reverse()
    assert "sections must follow this order" in problems_in(write(tmp_path, data))


def test_a_missing_required_question_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    del questions(data, 2)[1]
    questions(data, 4).append({"id": "extra", "text": "Anything else?", "always": True})
    assert "the question 'review_date' is required" in problems_in(write(tmp_path, data))


def test_a_required_question_with_a_condition_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    measure = questions(data, 2)[0]
    del measure["always"]
    measure["when"] = {"progress": ["not_enough"]}
    questions(data, 4).append({"id": "extra", "text": "Anything else?", "always": True})
    message = problems_in(write(tmp_path, data))
    assert "question 'progress_measure' must be under" in message
    assert "asked in every plan" in message


def test_always_false_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 4)[0]["always"] = False
    assert "'always' can only be true" in problems_in(write(tmp_path, data))


def test_too_few_questions_for_some_answers_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 4)[0] = {"id": "home", "text": "What can I do at home?",
                             "when": {"progress": ["not_enough"]}}
    message = problems_in(write(tmp_path, data))
    assert "give too few questions (every plan needs 8 to 15)" in message
    assert "meeting_purpose: first_concern" in message and "gives 7" in message


def test_too_many_questions_for_some_answers_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 4).extend(
        {"id": f"more_{n}", "text": f"Extra question {n}?", "when": {"need_areas": ["semh"]}}
        for n in range(7)
    )
    message = problems_in(write(tmp_path, data))
    assert "give too many questions" in message and "gives 16" in message


def test_a_repeated_question_text_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 1)[1]["text"] = "what help will my child get?"
    assert "questions 'support' and 'who' have the same text" in problems_in(write(tmp_path, data))


def test_a_missing_email_placeholder_is_reported(tmp_path: Path) -> None:
    data = small_valid_file()
    data["email"]["body"] = data["email"]["body"].replace("[your name]", "Me")
    assert "the placeholder [your name] is missing" in problems_in(write(tmp_path, data))


def test_the_email_must_say_where_the_questions_go(tmp_path: Path) -> None:
    data = small_valid_file()
    data["email"]["body"] = data["email"]["body"].replace("{questions}", "{question_list}")
    message = problems_in(write(tmp_path, data))
    assert "unknown {marker} in 'body'" in message
    assert "must contain {questions} exactly once" in message


def test_the_sendiass_contact_must_be_in_every_plan(tmp_path: Path) -> None:
    data = small_valid_file()
    data["next_steps"][0]["when"] = {"progress": ["not_enough"]}
    assert "must contain {sendiass_contact}" in problems_in(write(tmp_path, data))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = small_valid_file()
    questions(data, 1)[1]["id"] = "support"
    questions(data, 0)[2]["when"] = {"setting": ["college"]}
    data["tips"][0]["colour"] = "red"
    with pytest.raises(MeetingContentError) as caught:
        load_content(write(tmp_path, data))
    assert len(caught.value.problems) == 3
    assert str(caught.value).startswith(f"{tmp_path / 'meeting_prep.yml'}: 3 problems:")


def test_a_broken_file_never_loads_as_empty(tmp_path: Path) -> None:
    data = copy.deepcopy(small_valid_file())
    data["sections"] = []
    message = problems_in(write(tmp_path, data))
    assert "sections: must be a list with at least one entry" in message
