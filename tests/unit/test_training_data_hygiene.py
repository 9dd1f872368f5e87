"""Training data must not contain the held-out evaluation questions, or duplicates."""
from __future__ import annotations

import re
from collections import Counter

import yaml

from tests.support.paths import EVAL_FILE
from console.training_data import examples_by_intent


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


# Greetings such as "hi" or "thanks" are bound to appear in both; only real questions count.
MIN_LEAK_LENGTH = 16


def test_no_evaluation_question_is_in_the_training_data() -> None:
    held_out = {
        normalise(item["text"])
        for item in yaml.safe_load(EVAL_FILE.read_text())["items"]
        if len(normalise(item["text"])) >= MIN_LEAK_LENGTH
    }
    leaked = [
        example
        for examples in examples_by_intent().values()
        for example in examples
        if normalise(example) in held_out
    ]
    assert not leaked, f"{len(leaked)} evaluation questions found in the training data"


def words(text: str) -> set:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


# Near-copies count too: a training example sharing 70% of its words with an evaluation
# question (of five words or more) would make the score measure memory, not understanding.
MAX_WORD_OVERLAP = 0.7


def test_no_training_example_is_a_near_copy_of_an_evaluation_question() -> None:
    held_out = [w for w in (words(i["text"]) for i in yaml.safe_load(EVAL_FILE.read_text())["items"]) if len(w) >= 5]
    near = [
        example
        for examples in examples_by_intent().values()
        for example in examples
        if words(example) and max(len(words(example) & q) / len(words(example) | q) for q in held_out) >= MAX_WORD_OVERLAP
    ]
    assert not near, f"{len(near)} training examples are near-copies of evaluation questions"


def test_no_example_is_given_two_different_topics() -> None:
    owners = Counter()
    seen = {}
    for intent, examples in examples_by_intent().items():
        for example in set(normalise(e) for e in examples):
            if example in seen and seen[example] != intent:
                owners[(example, seen[example], intent)] += 1
            seen[example] = intent
    assert not owners, f"examples under two topics: {list(owners)[:5]}"
