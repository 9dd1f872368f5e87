"""Read the assistant's content the way a reviewer sees it: examples per topic, answers, rules.

The staff console's answer catalogue and the unit tests both read data/ through this module,
so what staff are shown and what the tests check can never drift apart.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DOMAIN_FILE = ROOT / "domain.yml"


def load_yaml_files(folder: Path) -> List[dict]:
    """Every *.yml file under `folder`, parsed, in a stable order."""
    return [yaml.safe_load(path.read_text(encoding="utf-8")) or {} for path in sorted(folder.rglob("*.yml"))]


def examples_by_intent(data: Path = DATA) -> Dict[str, List[str]]:
    """Intent -> its training examples, from every file in data/nlu/."""
    examples: Dict[str, List[str]] = defaultdict(list)
    for document in load_yaml_files(data / "nlu"):
        for block in document.get("nlu", []):
            if "intent" in block:
                examples[block["intent"]].extend(
                    re.sub(r"^\s*-\s*", "", line).strip()
                    for line in block["examples"].splitlines()
                    if line.strip().startswith("-")
                )
    return dict(examples)


def faq_responses(data: Path = DATA) -> Dict[str, List[dict]]:
    """utter_<topic> -> its variations, from every file in data/responses/."""
    responses: Dict[str, List[dict]] = {}
    for document in load_yaml_files(data / "responses"):
        responses.update(document.get("responses", {}))
    return responses


def rules(data: Path = DATA) -> List[dict]:
    """Every rule in data/rules/."""
    return [rule for document in load_yaml_files(data / "rules") for rule in document.get("rules", [])]


def load_domain(path: Path = DOMAIN_FILE) -> dict:
    """domain.yml as a plain dict (intents, chat responses, actions)."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
