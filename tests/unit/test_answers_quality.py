"""What SENDIASS staff would check in every answer: short, sourced, never a misconception."""
from __future__ import annotations

import re
from typing import List, Tuple

import pytest

from console.training_data import faq_responses

ANSWERS: List[Tuple[str, str]] = [
    (name, variation["text"]) for name, variations in sorted(faq_responses().items()) for variation in variations
]
MAX_WORDS = 130  # "under about 120 words", with a little room for a list

# Phrases that would repeat the "common misconceptions" of ../shared/facts.md.
MISCONCEPTIONS = [
    r"\bmust have a diagnosis\b",
    r"\bneeds? a (medical )?diagnosis (first|before)\b",
    r"\bonly the school can (request|ask)\b",
    r"\b(spend|spent) £?6,?000 before\b",
    r"\bgets? £?6,?000 for each\b",
    r"\b20 weeks to decide whether\b",
    r"\bmust have an IEP\b",
    r"\bthree times a year is (the|a) law\b",
    r"\bmust (go|use) (through )?mediation before\b",
    r"\bcode (of practice )?(is )?only guidance\b",
]


def body_of(text: str) -> str:
    return text.rsplit("\nSource:", 1)[0]


@pytest.mark.parametrize("name,text", ANSWERS)
def test_answer_is_short_enough_for_a_phone(name: str, text: str) -> None:
    words = len(re.findall(r"[\w'£,.-]+", body_of(text)))
    assert words <= MAX_WORDS, f"{name}: {words} words"


@pytest.mark.parametrize("name,text", ANSWERS)
def test_answer_ends_with_one_source_line(name: str, text: str) -> None:
    last_line = text.strip().splitlines()[-1]
    assert last_line.startswith("Source: "), name
    assert text.count("Source:") == 1, name


@pytest.mark.parametrize("name,text", ANSWERS)
def test_answer_never_repeats_a_misconception(name: str, text: str) -> None:
    for pattern in MISCONCEPTIONS:
        assert not re.search(pattern, text, re.IGNORECASE), f"{name} says /{pattern}/"


@pytest.mark.parametrize("name,text", ANSWERS)
def test_answer_is_plain_text(name: str, text: str) -> None:
    assert not re.search(r"<[a-z/][^>]*>|\*\*|^#", text, re.IGNORECASE | re.MULTILINE), name
