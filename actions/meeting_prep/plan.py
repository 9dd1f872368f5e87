"""A finished meeting plan, and the two ways it is shown: chat text and a widget payload.

The text works in any chat channel: plain lines, no HTML or markdown, questions numbered
straight through so "question 7" means the same in the plan and in the email. The payload
carries the same content as data, for the web widget's copy, print and download buttons.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

TIPS_HEADING = "Tips for the meeting"
EMAIL_HEADING = "Email to send before the meeting"
NEXT_STEPS_HEADING = "Next steps"


@dataclass(frozen=True)
class PlanSection:
    """Questions under one heading."""

    heading: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class PlanTip:
    """A tip and, where there is one, the guidance or law behind it."""

    text: str
    source: str | None


@dataclass(frozen=True)
class EmailDraft:
    """An email for the parent to finish and send; [brackets] are for them to fill in."""

    subject: str
    body: str


@dataclass(frozen=True)
class MeetingPlan:
    """Everything a parent takes away: questions by heading, tips, an email and next steps."""

    title: str
    sections: tuple[PlanSection, ...]
    tips: tuple[PlanTip, ...]
    email: EmailDraft
    next_steps: tuple[str, ...]

    @property
    def questions(self) -> tuple[str, ...]:
        """All questions in order, as numbered in the text and the email."""
        return tuple(q for section in self.sections for q in section.questions)

    def to_text(self) -> str:
        """The plan as one plain-text chat message."""
        lines = [self.title]
        number = 1
        for section in self.sections:
            lines += ["", section.heading]
            lines += numbered(section.questions, start=number).splitlines()
            number += len(section.questions)
        lines += ["", TIPS_HEADING]
        lines += [f"- {tip.text}{_source_note(tip)}" for tip in self.tips]
        lines += ["", EMAIL_HEADING, f"Subject: {self.email.subject}", "", self.email.body]
        lines += ["", NEXT_STEPS_HEADING, *(f"- {step}" for step in self.next_steps)]
        return "\n".join(lines)

    def to_payload(self) -> dict[str, Any]:
        """The plan as JSON-ready data for the web widget."""
        return {
            "type": "meeting_plan",
            "title": self.title,
            "sections": [
                {"heading": s.heading, "questions": list(s.questions)} for s in self.sections
            ],
            "tips": [{"text": tip.text, "source": tip.source} for tip in self.tips],
            "email": {"subject": self.email.subject, "body": self.email.body},
            "next_steps": list(self.next_steps),
        }


def _source_note(tip: PlanTip) -> str:
    """" (Source: ...)" after a tip that has one, so parents can check it."""
    return f" (Source: {tip.source})" if tip.source else ""


def numbered(lines: Iterable[str], start: int = 1) -> str:
    """Lines numbered "1. ...", one per line, so the plan and the email number alike."""
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, start))
