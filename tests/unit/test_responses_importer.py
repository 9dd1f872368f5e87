"""Rewording an answer must not retrain the classifier, and must still reach parents.

Rasa decides what to retrain from fingerprints of what each component reads. These tests
read the project the way `rasa train` does (through `config.yml`), so they also fail if
Rasa silently falls back to its default importer (it only logs a warning when the
importer named in `config.yml` cannot be imported).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rasa.shared.importers.importer import TrainingDataImporter

from tests.support.paths import ROOT

ANSWERS = Path("data/responses/escalation.yml")


def copy_project(folder: Path) -> Path:
    """The files `rasa train` reads, copied so they can be changed."""
    for name in ("config.yml", "domain.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "data", folder / "data")
    return folder


def importer(folder: Path, config: Path | None = None) -> TrainingDataImporter:
    """Rasa's importer for a project folder, as `rasa train` builds it."""
    return TrainingDataImporter.load_from_config(
        str(config or folder / "config.yml"), str(folder / "domain.yml"), [str(folder / "data")]
    )


def reword_first_answer(folder: Path) -> str:
    """Change the first answer in the escalation file; return the new wording."""
    path = folder / ANSWERS
    answers = yaml.safe_load(path.read_text())
    first = next(iter(answers["responses"].values()))[0]
    first["text"] = "Reworded by a proofreader. " + first["text"]
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False))
    return first["text"]


def test_answers_reach_the_domain_and_not_the_classifier() -> None:
    project = importer(ROOT)
    answer_keys = set()
    for path in (ROOT / "data" / "responses").glob("*.yml"):
        answer_keys |= set(yaml.safe_load(path.read_text())["responses"])

    assert answer_keys, "data/responses/ holds no answers"
    assert answer_keys <= set(project.get_domain().responses)
    assert project.get_nlu_data().responses == {}


def test_rewording_an_answer_keeps_the_classifier_inputs_and_ships_the_new_words(
    tmp_path: Path,
) -> None:
    new_text = reword_first_answer(copy_project(tmp_path))
    before, changed = importer(ROOT), importer(tmp_path)

    assert changed.get_nlu_data().fingerprint() == before.get_nlu_data().fingerprint()
    assert changed.get_domain().fingerprint() != before.get_domain().fingerprint()
    texts = [r["text"] for rs in changed.get_domain().responses.values() for r in rs if "text" in r]
    assert new_text in texts


def test_domain_and_examples_are_what_rasa_reads_without_the_importer(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    del config["importers"]
    plain_config = tmp_path / "config.yml"
    plain_config.write_text(yaml.safe_dump(config))
    ours, rasas = importer(ROOT), importer(ROOT, plain_config)

    assert ours.get_domain().as_dict() == rasas.get_domain().as_dict()
    assert ours.get_nlu_data().training_examples == rasas.get_nlu_data().training_examples
    assert ours.get_stories().fingerprint() == rasas.get_stories().fingerprint()


def test_a_retrieval_intent_is_refused_with_a_reason(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "data" / "nlu" / "retrieval.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: faq/opening_hours\n  examples: |\n'
        "    - when are you open\n    - opening times\n"
    )
    with pytest.raises(ValueError, match="Retrieval intents"):
        importer(project).get_nlu_data()
