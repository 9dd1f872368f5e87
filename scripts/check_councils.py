"""Check every council file: `python scripts/check_councils.py [DIR]` (default: councils/).

Web teams run this after editing their council's YAML file. It prints either one line saying
all files are valid, or every problem (file, field, what is wrong) with no Python traceback,
and exits 1 so a Makefile or CI step fails before a bad file can reach parents.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, no install

from actions.councils.config import COUNCILS_DIR, CouncilConfigError, load_councils  # noqa: E402


def main(argv: list[str]) -> int:
    """Validate the folder named in `argv` (or the default folder); return the exit code."""
    if len(argv) > 1:
        print("usage: python scripts/check_councils.py [DIR]", file=sys.stderr)
        return 2
    directory = Path(argv[0]) if argv else COUNCILS_DIR
    try:
        registry = load_councils(directory)
    except CouncilConfigError as error:
        print(f"Council files in {directory} have problems:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    files = f"{len(registry.slugs)} council file{'s' if len(registry.slugs) != 1 else ''}"
    print(f"{files} valid: {', '.join(registry.slugs)} (default: {registry.default_slug})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
