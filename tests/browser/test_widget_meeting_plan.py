"""Preparing for a meeting in the widget by buttons, and taking the plan away (meeting_plan.mjs)."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.browser.helpers import ok

pytestmark = [pytest.mark.servers, pytest.mark.browser]


@pytest.fixture(scope="module")
def plan_run(browser) -> Dict[str, Any]:
    return ok(browser("meeting_plan.mjs"))


def test_the_flow_is_completed_with_buttons(plan_run: Dict[str, Any]) -> None:
    assert plan_run["answers"][0] == "Prepare for a school meeting"
    assert len(plan_run["answers"]) == 7, "six questions, each answered with a button"


def test_the_plan_shows_headings_numbered_questions_tips_and_the_email(plan_run: Dict[str, Any]) -> None:
    plan = plan_run["plan"]
    assert plan["title"] == plan["labelledBy"] == "Your meeting plan"
    assert 8 <= plan["questions"] <= 15
    assert plan["headings"][-3:] == ["Tips for the meeting", "Email to send before the meeting", "Next steps"]
    numbers = [plan_list["start"] for plan_list in plan["lists"]]
    sizes = [len(plan_list["items"]) for plan_list in plan["lists"]]
    assert numbers == [1 + sum(sizes[:i]) for i in range(len(sizes))], "numbered straight through"
    assert plan["emailSubject"].startswith("Subject: ")
    assert "[child's name]" in plan["emailBody"]
    assert [b["visible"] for b in plan["buttons"]] == ["Copy", "Print", "Download (.txt)"]
    assert all(b["type"] == "button" for b in plan["buttons"])


def test_the_plain_text_copy_of_the_plan_is_not_shown_as_well(plan_run: Dict[str, Any]) -> None:
    assert plan_run["planTextShownTwice"] is False
    questions = [q for plan_list in plan_run["plan"]["lists"] for q in plan_list["items"]]
    messages = plan_run["transcript"]
    last_user = max(i for i, m in enumerate(messages) if m["who"] == "user")
    after = [m for m in messages[last_user + 1:] if not m["text"].startswith("Your meeting plan")]
    assert not any(q in m["text"] for m in after for q in questions)


def test_download_gives_a_text_file_of_the_whole_plan(plan_run: Dict[str, Any]) -> None:
    download = plan_run["download"]
    assert download["filename"] == "meeting-questions.txt"
    assert download["content"] == plan_run["expectedText"]
    content = download["content"]
    assert content.startswith("Your meeting plan\n")
    for plan_list in plan_run["plan"]["lists"]:
        for offset, question in enumerate(plan_list["items"]):
            assert f"{plan_list['start'] + offset}. {question}" in content
    assert "Email to send before the meeting\nSubject: " in content
    assert "01632 960101" in content, "the next steps name the council's SENDIASS"
    assert "<" not in content
    assert plan_run["downloadStatus"] == "Downloaded as meeting-questions.txt."


def test_copy_puts_the_same_text_on_the_clipboard(plan_run: Dict[str, Any]) -> None:
    assert plan_run["clipboard"] == plan_run["expectedText"]


def test_print_prints_only_the_plan(plan_run: Dict[str, Any]) -> None:
    assert plan_run["printed"] == [{"printing": True, "target": True}]
    assert plan_run["printVisibility"] == {"planVisible": "visible", "pageHidden": "hidden", "actionsShown": "none"}


def test_axe_finds_no_wcag_violation_with_the_plan_shown(plan_run: Dict[str, Any]) -> None:
    assert plan_run["axe"] == []


def test_nothing_went_wrong_in_the_page(plan_run: Dict[str, Any]) -> None:
    assert plan_run["problems"] == []
