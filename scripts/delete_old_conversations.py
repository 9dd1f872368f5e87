"""Delete conversations older than the retention period (run daily by a scheduler).

    .venv/bin/python scripts/delete_old_conversations.py [--days 30]

The database is TRACKER_DB_URL (as for the Rasa server; default the embedded SQLite file);
the period is --days, else RETENTION_DAYS, else 30.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from privacy.retention import delete_conversations_older_than, engine_for  # noqa: E402

DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'rasa.db'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS", 30)))
    args = parser.parse_args()
    if args.days <= 0:
        parser.error("--days must be more than 0")
    url = os.environ.get("TRACKER_DB_URL") or DEFAULT_URL
    deleted = delete_conversations_older_than(engine_for(url), args.days)
    print(f"Deleted {deleted} conversation(s) with no activity in the last {args.days:g} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
