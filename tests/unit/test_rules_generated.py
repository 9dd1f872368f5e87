"""data/rules/answers.yml is generated: it must match what the generator makes now."""
from scripts.generate_rules import RULES_FILE, render


def test_generated_rules_are_up_to_date() -> None:
    assert RULES_FILE.read_text(encoding="utf-8") == render(), "run `make rules` and commit the result"
