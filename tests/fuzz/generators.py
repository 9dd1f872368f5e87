"""What the fuzz tests send: Hypothesis strategies for awkward text, JSON values and headers."""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Tuple

from hypothesis import strategies as st

# Markup that would run in a page if a server echoed it back unescaped.
ACTIVE_MARKUP = re.compile(r"<\s*script|onerror\s*=|onload\s*=|javascript:", re.IGNORECASE)
# Content types a client might send a JSON body with, rightly or wrongly.
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    None,
]

# Hand-picked cases generated text rarely hits, mixed in with everything Hypothesis makes up.
AWKWARD_TEXT = [
    "",
    " ",
    "\n\t",
    "\x00",
    "null\x00byte in the middle",
    "\x01\x02\x1b[31mred\x1b[0m\x7f",
    "\ud800",
    "lone \udfff surrogate",
    "😀👩‍👧‍👦🏳️‍🌈",
    "مرحبا، هل يمكنك مساعدتي؟",
    "\u202eevil right-to-left override\u202c",
    "שלום \u200f\u200e\u200b\ufeff",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>what is an EHCP",
    '"><svg/onload=alert(1)>',
    "javascript:alert(document.cookie)",
    "{{7*7}} ${7*7} {% raw %}",
    "'; DROP TABLE events; --",
    "/restart",
    "/greet{\"broken\": ",
    "my son is Oliver, email jo@example.org, 07700 900123",
    "what is an EHCP?",
    "how do I complain about the school",
    "help me prepare for a meeting",
    "A" * 100_000,
    "é" * 3_000,
    "😀" * 5_000,
]

# Any Unicode text (Hypothesis avoids lone surrogates in text(), so those come from
# AWKWARD_TEXT and from raw JSON escapes), and long runs built cheaply.
typed_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "ab ", "é", "😀", "<b>", "\x00", "ش"]),
    st.integers(min_value=1_000, max_value=100_000),
)
nasty_text = st.one_of(st.sampled_from(AWKWARD_TEXT), typed_text, long_text)

# Any JSON value, to put where something else belongs: scalars, and shallow lists and
# objects of them (deep nesting is slow to generate and tests nothing more here).
short_text = st.text(max_size=12)
scalars = st.none() | st.booleans() | st.integers() | short_text
# Each kind of JSON value: an example, to tell whether a field accepts the kind, and a strategy.
JSON_KINDS = [
    (None, st.none()),
    (True, st.booleans()),
    (1, st.integers() | st.floats(allow_nan=False)),
    ("text", short_text),
    ([], st.lists(scalars, max_size=3)),
    ({}, st.dictionaries(short_text, scalars, max_size=3)),
]
json_values = st.one_of(*(strategy for _, strategy in JSON_KINDS))


def json_except(accepted: Callable[[Any], bool]) -> st.SearchStrategy[Any]:
    """JSON values of each kind (null, boolean, number, text, list, object) `accepted` refuses.

    Decided per kind, from its example, so nothing is generated only to be filtered out.
    """
    return st.one_of(*(strategy for example, strategy in JSON_KINDS if not accepted(example)))


def dumps(value: Any) -> bytes:
    """JSON as a client sends it; ensure_ascii keeps lone surrogates as \\ud800 escapes."""
    return json.dumps(value).encode()


def weighted(*choices: Tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Pick one strategy by weight, so cheap malformed requests can dominate."""
    return st.sampled_from([strategy for weight, strategy in choices for _ in range(weight)]).flatmap(
        lambda strategy: strategy
    )
