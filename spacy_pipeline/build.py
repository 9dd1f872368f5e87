"""Build the English spaCy pipeline that Rasa's SpacyNLP component loads.

No pretrained spaCy model can be downloaded where this assistant is built, so the
pipeline is assembled from code: a blank English tokenizer, an attribute ruler that
folds SEND spelling variants onto one lemma (so "sendco" and "SENCo" look the same to
the classifier), spaCy's lookup lemmatizer (tables from spacy-lookups-data) and an
entity ruler that tags SEND terms. Run by `make` whenever send_terms.yml changes.
"""
from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any, Dict, List

import spacy
import yaml
from spacy.language import Language

HERE = Path(__file__).resolve().parent
TERMS_FILE = HERE / "send_terms.yml"


def load_terms(path: Path = TERMS_FILE) -> Dict[str, Any]:
    """Read the SEND vocabulary file and check its two sections exist."""
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(terms, dict) or not {"lemmas", "entities"} <= terms.keys():
        raise SystemExit(f"{path}: needs the two sections 'lemmas' and 'entities'")
    return terms


def lemma_patterns(lemmas: Dict[str, List[str]]) -> List[Dict[str, Any]]:
    """Attribute-ruler patterns that set one canonical lemma for every variant."""
    return [
        {
            "patterns": [[{"LOWER": {"IN": sorted({canonical, *variants})}}]],
            "attrs": {"LEMMA": canonical},
        }
        for canonical, variants in lemmas.items()
    ]


def entity_patterns(entities: Dict[str, Dict[str, List[str]]]) -> List[Dict[str, Any]]:
    """Entity-ruler token patterns (case-insensitive), one per phrase, with canonical ids."""
    tokenizer = spacy.blank("en").tokenizer
    patterns = []
    for label, values in entities.items():
        for canonical, phrases in values.items():
            for phrase in phrases:
                tokens = [{"LOWER": token.lower_} for token in tokenizer(phrase)]
                patterns.append({"label": label, "pattern": tokens, "id": canonical})
    return patterns


def build(terms: Dict[str, Any]) -> Language:
    """Assemble and initialise the pipeline from the vocabulary."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    # The lemmatizer runs after the ruler and keeps lemmas already set (overwrite=False).
    nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": False})
    entity_ruler = nlp.add_pipe("entity_ruler")
    # initialize() loads the lookup tables and clears both rulers, so patterns come after.
    nlp.initialize()
    ruler.add_patterns(lemma_patterns(terms["lemmas"]))
    entity_ruler.add_patterns(entity_patterns(terms["entities"]))
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    args = parser.parse_args()
    terms_text = TERMS_FILE.read_bytes()
    nlp = build(load_terms())
    nlp.meta.update(
        name="en_sen",
        version="1.0.0",
        description="Blank English + SEND lemma folding + lookup lemmatizer + SEND entity ruler",
        # Recorded so a changed vocabulary is visible in the model folder.
        sources=[{"name": "send_terms.yml", "sha256": hashlib.sha256(terms_text).hexdigest()}],
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"spaCy pipeline written to {args.out} ({', '.join(nlp.pipe_names)})")


if __name__ == "__main__":
    main()
