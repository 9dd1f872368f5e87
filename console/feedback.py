"""Parents' "Was this helpful?" answers, counted per topic.

The widget posts them to the web app, which stores each as an `answer_feedback` slot event
({"helpful": bool, "answer_index": int}) in the conversation (webapp/app.py). The widget asks
about the latest answer only, so the topic of a vote is the intent of the parent's latest
message before it. A parent who changes their mind counts once, with their last vote.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

import sqlalchemy as sa

from console.conversations import event_data, parent_events
from privacy.retention import EVENTS
from webapp.app import FEEDBACK_SLOT


@dataclass(frozen=True)
class TopicFeedback:
    topic: str
    helpful: int
    not_helpful: int

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def helpful_share(self) -> float:
        return self.helpful / self.total if self.total else 0.0


def feedback_by_topic(engine: sa.engine.Engine) -> List[TopicFeedback]:
    """Helpful / not helpful counts per topic, the most 'not helpful' first."""
    feedback_slot = sa.and_(EVENTS.c.type_name == "slot", EVENTS.c.data.contains(f'"{FEEDBACK_SLOT}"', autoescape=True))
    with_feedback = parent_events(feedback_slot).with_only_columns(EVENTS.c.sender_id).distinct()
    query = (parent_events(EVENTS.c.sender_id.in_(with_feedback.scalar_subquery()),
                           sa.or_(EVENTS.c.type_name == "user", feedback_slot))
             .order_by(EVENTS.c.sender_id, EVENTS.c.id))
    votes: Dict[Tuple[str, int], Tuple[str, bool]] = {}
    latest_topic: Dict[str, str] = {}
    with engine.connect() as connection:
        for row in connection.execute(query):
            if row.type_name == "user":
                latest_topic[row.sender_id] = row.intent_name or ""
                continue
            data = event_data(row)
            value = data.get("value")
            if data.get("name") != FEEDBACK_SLOT or not isinstance(value, dict):
                continue
            helpful, index = value.get("helpful"), value.get("answer_index")
            topic = latest_topic.get(row.sender_id)
            if isinstance(helpful, bool) and isinstance(index, int) and topic:
                votes[(row.sender_id, index)] = (topic, helpful)
    counts: Dict[str, List[int]] = {}
    for topic, helpful in votes.values():
        counts.setdefault(topic, [0, 0])[0 if helpful else 1] += 1
    return sorted((TopicFeedback(topic, yes, no) for topic, (yes, no) in counts.items()),
                  key=lambda f: (-f.not_helpful, -f.total, f.topic))
