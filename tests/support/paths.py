"""Where things are: the repository, the shared contracts beside it, the trained model."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TOPICS_FILE = SHARED / "topics.yml"
EVAL_FILE = SHARED / "eval" / "dev.yml"
MODEL = ROOT / "models" / "sen-assistant.tar.gz"
VENV_BIN = ROOT / ".venv" / "bin"
