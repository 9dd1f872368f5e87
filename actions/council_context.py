"""Which council a conversation belongs to, and that council's configuration.

The widget sends the council's slug as message metadata; action_session_start keeps it in
the `council` slot. The registry is loaded when the action server imports this package, so
a broken council file stops the server at start-up with a message naming the problem,
instead of failing in front of a parent later.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Optional

from rasa_sdk import Tracker

from actions.councils.config import COUNCILS_DIR, Council, CouncilConfigError, load_councils

try:
    # SEN_COUNCILS_DIR lets a deployment keep its council files outside the code.
    REGISTRY = load_councils(Path(os.environ.get("SEN_COUNCILS_DIR", COUNCILS_DIR)))
except CouncilConfigError as error:
    # A clear message and exit code 1 instead of a traceback buried in the server log.
    raise SystemExit(f"The action server cannot start. {error}") from None


def slug_from_metadata(metadata: Any) -> Optional[str]:
    """The council slug a client sent in message metadata, if it sent a usable one.

    Metadata reaches us through a slot any API client can set, so it may not be an object.
    """
    slug = metadata.get("council") if isinstance(metadata, Mapping) else None
    return slug if isinstance(slug, str) else None


def council_for(tracker: Tracker) -> Council:
    """The conversation's council, or the deployment default when unknown or missing."""
    slug = tracker.get_slot("council") or slug_from_metadata(tracker.latest_message.get("metadata"))
    return REGISTRY.get(slug)
