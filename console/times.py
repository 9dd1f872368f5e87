"""Times as staff in England read them: UK local time, on pages and in downloads."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def readable_time(timestamp: float) -> str:
    """E.g. '3 Mar 2025, 14:05' in UK time, for pages."""
    moment = datetime.fromtimestamp(timestamp, UK)
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def iso_time(timestamp: float) -> str:
    """E.g. '2025-03-03T14:05:09+00:00' in UK time, for CSV files."""
    return datetime.fromtimestamp(timestamp, UK).isoformat(timespec="seconds")
