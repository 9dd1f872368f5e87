"""Summarise pip-audit's JSON report for a person: what is vulnerable, and what was not checked.

Used by scripts/audit_dependencies.sh. pip-audit says "No known vulnerabilities found" even
when it could check nothing (every package "not found on PyPI" because the vulnerability
service was unreachable), so this tells the two apart. Standard library only: it runs with
the audit venv's Python.

Exit status: 0 when the audit ran (whatever it found), 3 when it could check no package.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

NOT_CHECKED = 3


def vulnerability_lines(dependencies: List[Dict[str, Any]]) -> List[str]:
    lines = []
    for dependency in dependencies:
        for vulnerability in dependency.get("vulns", []):
            aliases = ", ".join(alias for alias in vulnerability.get("aliases", []) if alias.startswith("CVE"))
            fixes = vulnerability.get("fix_versions", [])
            fixed = f"fixed in {', '.join(fixes)}" if fixes else "no fixed version yet"
            lines.append(
                f"  {dependency['name']} {dependency['version']}: {vulnerability['id']}"
                f"{f' ({aliases})' if aliases else ''}, {fixed}"
            )
    return lines


def main(report_path: str) -> int:
    dependencies = json.loads(Path(report_path).read_text(encoding="utf-8"))["dependencies"]
    skipped = [dependency for dependency in dependencies if "skip_reason" in dependency]
    checked = len(dependencies) - len(skipped)
    if dependencies and not checked:
        print(f"Dependency audit NOT RUN: none of the {len(dependencies)} pinned packages could be checked.")
        print(f"  pip-audit: {skipped[0]['skip_reason']}")
        print("  The vulnerability data (PyPI's JSON API) is not reachable from here; run this script where it is.")
        return NOT_CHECKED
    lines = vulnerability_lines(dependencies)
    if lines:
        per_package = Counter(line.split()[0] for line in lines)
        print(f"{len(lines)} known vulnerabilities in {len(per_package)} of {checked} checked packages:")
        print("\n".join(lines))
    else:
        print(f"No known vulnerabilities in the {checked} checked packages.")
    if skipped:
        print(f"Not checked ({len(skipped)}): " + ", ".join(dependency["name"] for dependency in skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
