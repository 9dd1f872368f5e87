"""Build a parent's meeting plan from their answers and the checked content file.

The choosing is simple on purpose: a question, tip or next step is included when its condition
holds for the answers. All the judgement lives in content/meeting_prep.yml, where it can be
read and changed without code, and `load_content` has already proved that every possible set
of answers gives a plan of the right size.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from actions.meeting_prep.answers import normalise_answers
from actions.meeting_prep.content import QUESTIONS_MARKER, SENDIASS_MARKER, MeetingContent
from actions.meeting_prep.plan import EmailDraft, MeetingPlan, PlanSection, PlanTip, numbered


def build_plan(
    answers: Mapping[str, object], content: MeetingContent, sendiass_contact: str
) -> MeetingPlan:
    """The plan for these answers, ending with the local SENDIASS contact.

    `answers` holds the six form slots (other keys are ignored); `sendiass_contact` is plain
    text the caller renders from the council's configuration. Raises ValueError if an answer is
    missing or unknown, or the contact is empty: a plan must never be built on a guess.
    """
    if not isinstance(sendiass_contact, str) or not sendiass_contact.strip():
        raise ValueError("sendiass_contact must be the local SENDIASS details, not empty")
    chosen = normalise_answers(answers)
    questions = content.questions_for(chosen)
    sections = tuple(
        PlanSection(heading, tuple(q.text for q in group))
        for heading, group in groupby(questions, key=lambda q: q.heading)
    )
    return MeetingPlan(
        title=content.title,
        sections=sections,
        tips=tuple(PlanTip(t.text, t.source) for t in content.tips if t.when.holds(chosen)),
        email=EmailDraft(
            subject=content.email.subject,
            body=content.email.body.replace(
                QUESTIONS_MARKER, numbered(q.text for q in questions)
            ),
        ),
        next_steps=tuple(
            step.text.replace(SENDIASS_MARKER, sendiass_contact.strip())
            for step in content.next_steps
            if step.when.holds(chosen)
        ),
    )
