"""Small helpers shared by the browser tests."""
from __future__ import annotations

import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

from tests.support.paths import ROOT

# Screenshots of the widget, for people to look at (git-ignored).
ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class WebApp:
    """The web app (python -m webapp) running on a free port, pointed at the session's Rasa."""

    url: str
    process: subprocess.Popen
    log: Path


@dataclass
class BrowserRun:
    """What one Node script printed: its exit code and its JSON result (the last stdout line)."""

    returncode: int
    result: Dict[str, Any]
    stderr: str


def ok(run: BrowserRun) -> Dict[str, Any]:
    """The result of a script that must have finished cleanly, or a failure saying why not."""
    assert run.returncode == 0 and "error" not in run.result, (
        f"browser script failed (exit {run.returncode}): {run.result.get('error')}\n{run.stderr}"
    )
    return run.result


def user_texts(events: List[Dict[str, Any]]) -> List[str]:
    """What the parent said, from a tracker's events."""
    return [e.get("text") for e in events if e.get("event") == "user"]


def new_sender() -> str:
    return str(uuid.uuid4())
