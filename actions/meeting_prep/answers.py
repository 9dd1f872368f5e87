"""A parent's full set of form answers, checked and put in the shape conditions are tested on.

Every slot becomes a set of canonical values, one value for most slots and one or more for
need_areas, so "does this condition hold?" is the same question for every slot: does the
answer share a value with the condition's list?
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from actions.meeting_prep.options import SLOTS

Answers = Mapping[str, frozenset[str]]


def normalise_answers(answers: Mapping[str, object]) -> Answers:
    """Check that every slot has a known value and return the answers as sets.

    Other keys are ignored, so a caller may pass all of a conversation's slots. Raises
    ValueError listing every missing or unknown answer: the form should never let one through.
    """
    problems: list[str] = []
    result: dict[str, frozenset[str]] = {}
    for name, spec in SLOTS.items():
        raw = answers.get(name)
        if raw is None:
            problems.append(f"{name} has no answer")
            continue
        several = spec.multiple and isinstance(raw, (list, tuple, set, frozenset))
        given = tuple(raw) if several else (raw,)
        unknown = [value for value in given if value not in spec.values]
        if unknown or not given:
            problems.append(f"{name} must be one of {', '.join(spec.values)}, not {raw!r}")
            continue
        result[name] = frozenset(spec.settle(given))
    if problems:
        raise ValueError("incomplete meeting answers: " + "; ".join(problems))
    return MappingProxyType(result)


def every_combination() -> Iterator[Answers]:
    """Every distinct set of answers the builder can be given, after need_areas is settled."""
    choices = []
    for spec in SLOTS.values():
        if spec.multiple:
            subsets = itertools.chain.from_iterable(
                itertools.combinations(spec.values, size) for size in range(1, len(spec.values) + 1)
            )
            settled = {frozenset(spec.settle(subset)) for subset in subsets}
            choices.append(sorted(settled, key=sorted))
        else:
            choices.append([frozenset([value]) for value in spec.values])
    for combination in itertools.product(*choices):
        yield MappingProxyType(dict(zip(SLOTS, combination)))
