"""Replace personal details in a parent's message with placeholders before it is stored.

Parents are asked not to type personal details, but worried people do. What they typed is
children's (often health) data, so the stored copy keeps the question and drops the
person: emails, UK phone numbers, postcodes, dates (most often a date of birth) and names
given in common patterns ("my son is called ...", "her name is ..."). The model still reads
the original message for the turn it arrives in; only the stored copy is redacted.
"""
from __future__ import annotations

import re
from typing import List, Tuple

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Words that follow "called"/"named" in ordinary SEN talk and are not names.
_NOT_NAMES = r"(?!(?:a|an|the|it|that|this|sen|send|school|support|autism|adhd|dyslexia)\b)"

_PATTERNS: List[Tuple[re.Pattern, str]] = [
    (re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE), "[email]"),
    (re.compile(r"(?<!\w)(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\w)"), "[phone]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"), "[date]"),
    (
        re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}\b", re.IGNORECASE),
        "[date]",
    ),
    (
        re.compile(
            r"\b((?:is\s+)?called|named|name\s+is|name's|names\s+is|names)\s+"
            + _NOT_NAMES
            + r"[A-Za-z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?",
            re.IGNORECASE,
        ),
        r"\1 [name]",
    ),
]


def redact(text: str) -> str:
    """`text` with personal details replaced by placeholders such as [email] and [name]."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text
