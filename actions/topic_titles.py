"""Plain-English topic names from content/topic_titles.yml, for buttons parents can read."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

TITLES_FILE = Path(__file__).resolve().parent.parent / "content" / "topic_titles.yml"


@lru_cache(maxsize=1)
def topic_titles(path: Path = TITLES_FILE) -> Dict[str, str]:
    """Topic id -> button title, read once per process."""
    titles = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(titles, dict) or not all(isinstance(v, str) and v for v in titles.values()):
        raise ValueError(f"{path}: every topic needs a non-empty title")
    return titles
