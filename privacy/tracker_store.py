"""Rasa's SQL tracker store, storing each parent message only after redaction.

Named in endpoints.yml (`type: privacy.tracker_store.RedactingSQLTrackerStore`). It works
with SQLite and PostgreSQL alike, as SQLTrackerStore does, with two changes:

- a user message's text (and the copy inside its parse data) is redacted on its way to the
  database; the conversation in memory, which the model and actions use for this turn,
  keeps the original;
- an unreachable database stops the server at start-up with a clear message. Rasa would
  otherwise wait for ever, or fall back to an in-memory store that loses every
  conversation on restart (RasaHQ/rasa#3243).
"""
from __future__ import annotations

import copy
import os
import time
from typing import Any, Iterator, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.redaction import redact


def redacted_event(event: Event) -> Event:
    """A copy of a user message with personal details replaced; other events unchanged."""
    if not isinstance(event, UserUttered) or not event.text:
        return event
    stored = copy.deepcopy(event)
    stored.text = redact(event.text)
    if isinstance(stored.parse_data, dict) and "text" in stored.parse_data:
        stored.parse_data["text"] = stored.text
    return stored


def check_reachable(url: Optional[Text]) -> None:
    """Connect once (retrying while a database starts up), or stop the process explaining why."""
    if not url:
        raise SystemExit("Refusing to start: TRACKER_DB_URL is not set, so conversations would not be kept.")
    attempts = int(os.environ.get("TRACKER_DB_CONNECT_ATTEMPTS", "6"))
    shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    engine = sa.create_engine(url)
    try:
        for attempt in range(1, attempts + 1):
            try:
                with engine.connect():
                    return
            except sa.exc.SQLAlchemyError as error:
                if attempt == attempts:
                    raise SystemExit(
                        f"Refusing to start: the conversation database {shown} cannot be reached "
                        f"after {attempts} attempts ({error.__class__.__name__}: {str(error).splitlines()[0]}). "
                        "Without it every conversation would be lost."
                    ) from None
                time.sleep(5)
    finally:
        engine.dispose()


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that never writes a parent's personal details, and never runs without its database."""

    def __init__(self, domain: Any = None, host: Optional[Text] = None, **kwargs: Any) -> None:
        check_reachable(host)
        super().__init__(domain=domain, host=host, **kwargs)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        return (redacted_event(event) for event in super()._additional_events(session, tracker))
