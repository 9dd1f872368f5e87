"""Rasa's own checks: the training data validates and the test stories pass end to end."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.paths import MODEL, ROOT, VENV_BIN


def run_rasa(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
    return subprocess.run(
        [str(VENV_BIN / "rasa"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_training_data_validates_without_warnings() -> None:
    result = run_rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_every_test_story_is_predicted_correctly(tmp_path: Path) -> None:
    """Test stories carry the parent's own words, so NLU and dialogue are tested together."""
    result = run_rasa(
        "test", "core", "--model", str(MODEL), "--stories", "tests/stories",
        "--fail-on-prediction-errors", "--out", str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-4000:] + result.stderr[-4000:]
    assert result.returncode == 0, details
