"""Staff flags on answers ("wrong", "out of date", "unclear"), for the content team to act on."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from console.csv_export import csv_text
from console.database import flags
from console.times import iso_time
from privacy.redaction import redact

REASONS: Dict[str, str] = {
    "wrong": "Wrong",
    "out_of_date": "Out of date",
    "unclear": "Unclear",
}
MAX_NOTE = 2000
MAX_ANSWER = 200
MAX_ID = 2 ** 31 - 1  # the largest id every database's INTEGER holds
MAX_QUESTION = 2000
CSV_HEADER = ("id", "topic", "answer", "reason", "note", "question", "flagged_by", "flagged_at",
              "resolved_by", "resolved_at")


@dataclass(frozen=True)
class Flag:
    id: int
    topic: str
    answer: str
    reason: str
    note: str
    question: Optional[str]
    flagged_by: str
    flagged_at: float
    resolved_by: Optional[str]
    resolved_at: Optional[float]

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def check_flag(topic: str, answer: str, reason: str, note: str, known_topics: List[str]) -> List[Tuple[str, str]]:
    """What is wrong with a flag as posted: (form field, sentence) pairs, empty when it can be saved."""
    problems = []
    if topic not in known_topics:
        problems.append(("topic", "Choose the topic of the answer you are flagging"))
    if not answer or len(answer) > MAX_ANSWER:
        problems.append(("topic", "The answer being flagged is missing; flag it from the answer itself"))
    if reason not in REASONS:
        problems.append(("reason-" + next(iter(REASONS)), "Choose what is wrong with the answer: wrong, out of date or unclear"))
    if not note.strip():
        problems.append(("note", "Write a note saying what should change, so the content team can fix it"))
    elif len(note) > MAX_NOTE:
        problems.append(("note", f"The note must be {MAX_NOTE:,} characters or fewer"))
    return problems


class FlagStore:
    """Flags in the console database."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self._engine = engine

    def add(self, *, topic: str, answer: str, reason: str, note: str, question: Optional[str], by: str) -> int:
        """Record a flag; the question a member of staff tried is stored redacted, like a parent's."""
        with self._engine.begin() as connection:
            result = connection.execute(flags.insert().values(
                topic=topic, answer=answer, reason=reason, note=note.strip(),
                question=redact(question.strip())[:MAX_QUESTION] if question and question.strip() else None,
                flagged_by=by, flagged_at=time.time(),
            ))
            return int(result.inserted_primary_key[0])

    def all(self) -> List[Flag]:
        """Open flags first (newest first), then resolved ones (most recently resolved first)."""
        with self._engine.connect() as connection:
            rows = connection.execute(sa.select(flags).order_by(
                flags.c.resolved_at.is_not(None), flags.c.resolved_at.desc(), flags.c.flagged_at.desc(),
                flags.c.id.desc(),
            )).all()
        return [Flag(**row._asdict()) for row in rows]

    def resolve(self, flag_id: int, by: str) -> bool:
        """Mark an open flag resolved; False when there is no such open flag."""
        if not 0 < flag_id <= MAX_ID:
            return False
        with self._engine.begin() as connection:
            result = connection.execute(
                flags.update().where(flags.c.id == flag_id, flags.c.resolved_at.is_(None))
                .values(resolved_by=by, resolved_at=time.time())
            )
            return result.rowcount == 1

    def as_csv(self) -> str:
        """Every flag as a CSV file, for the content team's own tracking."""
        return csv_text(CSV_HEADER, [
            (f.id, f.topic, f.answer, f.reason_label, f.note, f.question or "", f.flagged_by,
             iso_time(f.flagged_at), f.resolved_by or "", iso_time(f.resolved_at) if f.resolved_at else "")
            for f in self.all()
        ])
