"""Real rasa-sdk trackers and the real domain, for running custom actions in tests."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from console.training_data import load_domain


@lru_cache(maxsize=1)
def domain() -> Dict[str, Any]:
    """domain.yml as the action server receives it (a plain dict), read once per test session."""
    return load_domain()


def tracker(
    text: str = "",
    intent: Optional[str] = None,
    confidence: float = 1.0,
    ranking: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    metadata: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    """A tracker whose latest message is `text`, read as `intent` (or a full ranking)."""
    ranking = ranking if ranking is not None else (
        [{"name": intent, "confidence": confidence}] if intent else []
    )
    top = ranking[0] if ranking else {"name": intent, "confidence": confidence}
    latest = {
        "text": text,
        "intent": top,
        "intent_ranking": ranking,
        "entities": [],
        "metadata": metadata or {},
    }
    return Tracker(
        sender_id="test-parent",
        slots=dict(slots or {}),
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )
