"""Find which canonical values a parent's free-text answer mentions.

Parents type on phones, often worried and in a hurry: "yr 9", "dislexia", "hes not making
progress". So the text is lowered, apostrophes dropped ("don't" -> "dont") and small typos put
right. Typos are fixed only towards a short list of long, easily misspelt words ("dyslexia",
"secondary"): fixing towards every word the phrases use turned real words into wrong answers
("might" into "fight", "waiting" into "writing"). Then every phrase of every value is looked
for. When one match lies inside a longer one ("making progress" inside "not making progress"),
only the longer counts, so a negation beats the words it negates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_APOSTROPHES = re.compile("['\u2018\u2019`]")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_LETTERS = re.compile(r"[a-z]+")


def normalise(text: str) -> str:
    """Lower case, no apostrophes, every other non-alphanumeric run a single space."""
    return _NOT_ALPHANUMERIC.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()


@dataclass(frozen=True)
class Mentions:
    """What a text mentions: `kept` after longer matches swallow shorter ones, `seen` before."""

    kept: tuple[str, ...]
    seen: frozenset[str]


@dataclass(frozen=True)
class _Match:
    value: str
    start: int
    end: int

    def inside(self, other: _Match) -> bool:
        """True when `other` covers this match and is longer."""
        return (
            other.start <= self.start
            and self.end <= other.end
            and other.end - other.start > self.end - self.start
        )


class Matcher:
    """The phrases for one slot, compiled once, with the vocabulary used to fix typos."""

    def __init__(self, phrases: Mapping[str, Sequence[str]], typo_targets: Sequence[str]) -> None:
        """`phrases` maps each value to regular expressions over normalised text; word
        boundaries are added here. `typo_targets` are the words a typo may be fixed towards.
        """
        self._patterns = tuple(
            (value, re.compile(f"(?<![a-z0-9])(?:{source})(?![a-z0-9])"))
            for value, sources in phrases.items()
            for source in sources
        )
        # A word the phrases already use is never "fixed" into a neighbouring one.
        self._known = frozenset(
            word for sources in phrases.values() for source in sources
            for word in _LETTERS.findall(source)
        )
        self._targets = frozenset(typo_targets)

    def find(self, text: str) -> Mentions:
        """The values `text` mentions, in order of first mention."""
        corrected = " ".join(self._correct(word) for word in normalise(text).split())
        matches = [
            _Match(value, found.start(), found.end())
            for value, pattern in self._patterns
            for found in pattern.finditer(corrected)
        ]
        kept = [m for m in matches if not any(m.inside(other) for other in matches)]
        kept.sort(key=lambda m: m.start)
        return Mentions(
            kept=tuple(dict.fromkeys(m.value for m in kept)),
            seen=frozenset(m.value for m in matches),
        )

    def _correct(self, word: str) -> str:
        """The one known word `word` is probably a typo of, or `word` itself.

        One slip is allowed in words up to eight letters and two in longer ones, the lengths
        may differ by one letter at most, and a tie between two known words changes nothing:
        a wrong guess would be worse than asking again.
        """
        if word in self._known or not word.isalpha():
            return word
        limit = 1 if len(word) <= 8 else 2
        scored = [
            (_distance(word, target), target)
            for target in self._targets
            if abs(len(target) - len(word)) <= 1
        ]
        close = sorted((d, target) for d, target in scored if d <= limit)
        if not close or (len(close) > 1 and close[0][0] == close[1][0]):
            return word
        return close[0][1]


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) needed to turn `a` into `b`."""
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char_a != char_b),
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before_previous[j - 2] + 1)
        before_previous, previous = previous, current
    return previous[-1]
