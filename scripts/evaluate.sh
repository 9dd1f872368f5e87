#!/usr/bin/env bash
# Cross-validation report of the NLU model (5 folds), written to results/crossval/.
# Uses config.yml without the FallbackClassifier, so every message is scored on its topic
# rather than on whether it fell back (as rasa-demo does with config_nlu_testing.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p results
.venv/bin/python - <<'PY'
import yaml
config = yaml.safe_load(open("config.yml"))
config["pipeline"] = [c for c in config["pipeline"] if c["name"] != "FallbackClassifier"]
yaml.safe_dump(config, open("results/config_crossval.yml", "w"), sort_keys=False)
PY
.venv/bin/rasa test nlu --cross-validation --folds "${FOLDS:-5}" --config results/config_crossval.yml \
    --nlu data/nlu --out results/crossval
.venv/bin/python - <<'PY'
import json
report = json.load(open("results/crossval/intent_report.json"))
print(f"\nCross-validation: accuracy {report['accuracy']:.3f}, "
      f"macro F1 {report['macro avg']['f1-score']:.3f}, weighted F1 {report['weighted avg']['f1-score']:.3f}")
weak = sorted((v["f1-score"], k) for k, v in report.items() if isinstance(v, dict) and "support" in v
              and k not in ("macro avg", "weighted avg", "micro avg") and v["f1-score"] < 0.85)
for f1, intent in weak:
    print(f"  weaker topic: {intent:34s} F1 {f1:.2f}")
print("Full report: results/crossval/ (intent_report.json, confusion matrix, histogram)")
PY
