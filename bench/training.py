"""Training time: a full training, then a retraining after a content-only change.

Both run in a temporary copy of the training inputs (config, domain, data, the built spaCy
pipeline), so the project's own model and Rasa cache are never touched. The content-only
change edits one answer's wording, as a SENDIASS proofreading pass would; Rasa's cache
then reuses every NLU component and only the dialogue rules and domain are rebuilt.
"""
from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from rasa_training.environment import training_environment
from tests.support.paths import ROOT, VENV_BIN

ANSWERS_FILE = Path("data/responses/escalation.yml")


@dataclass
class TrainingFigures:
    full_s: float
    content_only_s: float


def copy_training_inputs(folder: Path) -> None:
    """What `rasa train` reads, and nothing else, into `folder` (incl. the importer config.yml names)."""
    folder.mkdir(parents=True)
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(
        ROOT / "rasa_training", folder / "rasa_training",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(ROOT / "build" / "spacy_en_sen", folder / "build" / "spacy_en_sen")


def train(folder: Path, *extra: str) -> float:
    """Seconds one `rasa train` takes in `folder`."""
    started = time.perf_counter()
    subprocess.run(
        [str(VENV_BIN / "rasa"), "train", "--fixed-model-name", "bench", "--out", "models", *extra],
        cwd=folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=training_environment(),
    )
    return time.perf_counter() - started


def reword_one_answer(folder: Path) -> None:
    """Change the wording of one answer, leaving intents, examples and rules as they are."""
    path = folder / ANSWERS_FILE
    text = path.read_text()
    changed = text.replace("try these steps.", "you can try these steps.", 1)
    if changed == text:
        raise RuntimeError(f"{ANSWERS_FILE} no longer has the sentence the benchmark rewords")
    path.write_text(changed)


def measure_training(folder: Path) -> TrainingFigures:
    copy_training_inputs(folder)
    full = train(folder, "--force")
    reword_one_answer(folder)
    return TrainingFigures(full_s=full, content_only_s=train(folder))
