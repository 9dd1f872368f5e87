"""Questions the assistant could not answer: the parents' messages it fell back on or found out of scope.

Grouped by their redacted, normalised text, so staff see what is asked most often, and can turn
them into training examples (a Rasa NLU YAML file) for the topic that should have answered.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa

from console.conversations import clean_text, event_data, parent_events
from privacy.retention import EVENTS

REASONS = {"nlu_fallback": "Asked the parent to clarify", "out_of_scope": "Said it was out of scope"}
# The newest messages read for the page: enough for months of a council's questions.
MAX_EVENTS = 20_000
MAX_EXPORT = 500


@dataclass
class Unanswered:
    """One question (all the messages that read the same after redaction)."""

    text: str
    count: int
    last_seen: float
    reason: str
    closest: Optional[str]


def unanswered_questions(engine: sa.engine.Engine) -> List[Unanswered]:
    """The unanswered questions, most often asked first (then most recent)."""
    query = (parent_events(EVENTS.c.type_name == "user", EVENTS.c.intent_name.in_(tuple(REASONS)))
             .order_by(EVENTS.c.timestamp.desc()).limit(MAX_EVENTS))
    grouped: Dict[str, Unanswered] = {}
    with engine.connect() as connection:
        for row in connection.execute(query):
            data = event_data(row)
            text = clean_text(str(data.get("text") or ""))
            if not text:
                continue
            key = _group_key(text)
            if key in grouped:
                grouped[key].count += 1
                continue
            grouped[key] = Unanswered(text=text, count=1, last_seen=float(row.timestamp or 0),
                                      reason=REASONS[row.intent_name], closest=_closest_topic(data))
    return sorted(grouped.values(), key=lambda q: (-q.count, -q.last_seen))


def nlu_yaml(topic: str, texts: Iterable[str]) -> str:
    """A Rasa NLU training data file with `texts` as examples of `topic`, ready for data/nlu/."""
    examples: List[str] = []
    for text in texts:
        cleaned = clean_text(text)
        if cleaned and cleaned not in examples:
            examples.append(cleaned)
    lines = [
        "# Unanswered parents' questions chosen in the staff console, redacted. Check each example,",
        f"# then paste the block into the data/nlu/ file that holds the {topic} topic.",
        'version: "3.1"',
        "nlu:",
        f"- intent: {topic}",
        "  examples: |",
    ] + [f"    - {example}" for example in examples[:MAX_EXPORT]]
    return "\n".join(lines) + "\n"


def _group_key(text: str) -> str:
    return text.casefold().strip(" .!?,;:")


def _closest_topic(data: dict) -> Optional[str]:
    """For a fallback, the topic the model thought most likely."""
    ranking = (data.get("parse_data") or {}).get("intent_ranking") or []
    for entry in ranking:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name and name not in REASONS:
            return str(name)
    return None
