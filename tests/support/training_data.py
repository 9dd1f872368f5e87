"""Read the training data the way a reviewer sees it: examples per intent, answers, rules."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import yaml

from tests.support.paths import ROOT

DATA = ROOT / "data"


def load_yaml_files(folder: Path) -> List[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) or {} for path in sorted(folder.rglob("*.yml"))]


def examples_by_intent() -> Dict[str, List[str]]:
    """Intent -> its training examples, from every file in data/nlu/."""
    examples: Dict[str, List[str]] = defaultdict(list)
    for document in load_yaml_files(DATA / "nlu"):
        for block in document.get("nlu", []):
            if "intent" in block:
                examples[block["intent"]].extend(
                    re.sub(r"^\s*-\s*", "", line).strip()
                    for line in block["examples"].splitlines()
                    if line.strip().startswith("-")
                )
    return dict(examples)


def faq_responses() -> Dict[str, List[dict]]:
    """utter_<topic> -> its variations, from every file in data/responses/."""
    responses: Dict[str, List[dict]] = {}
    for document in load_yaml_files(DATA / "responses"):
        responses.update(document.get("responses", {}))
    return responses


def rules() -> List[dict]:
    """Every rule in data/rules/."""
    return [rule for document in load_yaml_files(DATA / "rules") for rule in document.get("rules", [])]
