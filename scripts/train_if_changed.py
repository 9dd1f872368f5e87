"""Train the model only when what it is trained from has changed.

`rasa train` spends 15-20 s loading before it can say "nothing changed", and it does not
notice a rebuilt spaCy pipeline (the pipeline's folder name stays the same). So we hash the
inputs ourselves: config, domain, training data and the spaCy pipeline's vocabulary. When
only content changed, Rasa's own cache reuses the unchanged components; when the spaCy
pipeline changed, training is forced so no component keeps stale features.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa_training.environment import training_environment  # noqa: E402

MODEL_NAME = "sen-assistant"
MODEL = ROOT / "models" / f"{MODEL_NAME}.tar.gz"
STAMP = ROOT / "models" / f"{MODEL_NAME}.inputs.json"
SPACY_META = ROOT / "build" / "spacy_en_sen" / "meta.json"


def digest(paths: list[Path]) -> str:
    """One hash over the names and bytes of the given files."""
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(str(path.relative_to(ROOT)).encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def current_inputs() -> Dict[str, str]:
    """Hashes of the training inputs, split so we know what kind of change happened."""
    return {
        "training": digest(
            [ROOT / "config.yml", ROOT / "domain.yml", *(ROOT / "data").rglob("*.yml")]
        ),
        "spacy": digest([SPACY_META]),
    }


def main() -> int:
    inputs = current_inputs()
    previous = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    if MODEL.exists() and previous == inputs:
        print(f"Model is up to date: {MODEL.relative_to(ROOT)}")
        return 0
    command = [
        str(ROOT / ".venv" / "bin" / "rasa"), "train",
        "--fixed-model-name", MODEL_NAME, "--out", str(MODEL.parent),
    ]
    if previous.get("spacy") != inputs["spacy"]:
        command.append("--force")
    print("Training the model (data, config or spaCy pipeline changed) ...", flush=True)
    result = subprocess.run(command, cwd=ROOT, env=training_environment())
    if result.returncode != 0 or not MODEL.exists():
        print("Training failed: see the messages above.", file=sys.stderr)
        return 1
    STAMP.write_text(json.dumps(inputs, indent=1))
    print(f"Model trained: {MODEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
