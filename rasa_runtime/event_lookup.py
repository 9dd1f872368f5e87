"""Find an event's class by its stored name with a dictionary, not a walk of the class tree.

Every stored event that Rasa 3.6 reads back (each turn re-reads the conversation from the
tracker store) goes through `Event.resolve_by_type`, which lists *all* subclasses of
`Event` recursively and checks `inspect.isabstract` on each, for every single event: about
6% of the Rasa server's busy time in our profile (py-spy under `make bench`).

The cache maps each name to the class Rasa's own search would return. A name it has not
seen (an event class imported later) goes to Rasa's search, and the answer is kept.
"""
from __future__ import annotations

from typing import Dict, Optional, Text, Type

from rasa.shared.core.events import Event

_rasa_resolve_by_type = Event.resolve_by_type
_known: Dict[Text, Optional[Type[Event]]] = {}


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Same answers and errors as Rasa's `Event.resolve_by_type`."""
    if type_name in _known:  # only "topic" (an old event name Rasa ignores) maps to None
        return _known[type_name]
    try:
        found = _rasa_resolve_by_type(type_name)
    except ValueError:
        if default is None:
            raise
        return default
    _known[type_name] = found
    return found


def install() -> None:
    """Make every lookup of an event class by name use the cache."""
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
