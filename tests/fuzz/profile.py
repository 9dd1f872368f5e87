"""How hard and how reproducibly the fuzz tests try: one Hypothesis profile for all of them.

Each server gets 10,000 generated requests: 2,000 Hypothesis examples of 5 requests each,
because most of Hypothesis's cost is per example, not per value drawn. Derandomized and with
no example database, so CI and a developer's machine send exactly the same requests and a
failure reproduces; Hypothesis still shrinks a failing batch to the request that fails.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REQUESTS_PER_SERVER = 10_000
REQUESTS_PER_EXAMPLE = 5

settings.register_profile(
    "fuzz",
    max_examples=REQUESTS_PER_SERVER // REQUESTS_PER_EXAMPLE,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # Some inputs are built large on purpose (100,000 characters), and each example is a few
    # HTTP round trips: neither is a problem with the strategies.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz")

T = TypeVar("T")


def batches(requests: st.SearchStrategy[T]) -> st.SearchStrategy[List[T]]:
    """One Hypothesis example: REQUESTS_PER_EXAMPLE requests, sent one after another."""
    return st.lists(requests, min_size=REQUESTS_PER_EXAMPLE, max_size=REQUESTS_PER_EXAMPLE)


@dataclass
class Tally:
    """How many requests a fuzz test sent, by what the server should have made of them."""

    accepted: int = 0
    refused: int = 0

    def count(self, valid: bool) -> None:
        """One more request sent, valid or malformed."""
        if valid:
            self.accepted += 1
        else:
            self.refused += 1

    @property
    def total(self) -> int:
        return self.accepted + self.refused

    def summary(self, server: str) -> str:
        return f"{server}: {self.total} generated requests ({self.accepted} valid, {self.refused} malformed)"


def send_generated(requests: st.SearchStrategy[T], send: Callable[[T, int], bool]) -> Tally:
    """Send REQUESTS_PER_SERVER generated requests, in batches, through `send`.

    `send(request, sent_before)` posts one request, checks the answer and says whether the
    request was a valid one; `sent_before` lets it number conversations.
    """
    tally = Tally()

    @FUZZ
    @given(batch=batches(requests))
    def send_batch(batch: List[T]) -> None:
        for request in batch:
            tally.count(valid=send(request, tally.total))

    send_batch()
    return tally
