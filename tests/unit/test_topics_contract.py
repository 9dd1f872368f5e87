"""The contract with ../shared/topics.yml: every topic is recognised, trained and answered."""
from __future__ import annotations

import re
from typing import Dict

import pytest
import yaml

from tests.support.paths import MODEL, TOPICS_FILE
from console.training_data import examples_by_intent, faq_responses, rules

TOPICS: Dict[str, dict] = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
MINIMUM_EXAMPLES = {"faq": 25, "task": 25, "chat": 12}
SOURCE_LINE = re.compile(
    r"^Source: .*(SEND Code of Practice|Act \d{4}|Regulations \d{4}|Code \d{4})", re.MULTILINE
)


@pytest.fixture(scope="module")
def trained_domain():
    """The domain inside the trained model, i.e. what the running assistant really knows."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    return LocalModelStorage.metadata_from_archive(MODEL).domain


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_is_an_intent_of_the_trained_model(topic: str, trained_domain) -> None:
    assert topic in trained_domain.intents


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_has_its_minimum_training_examples(topic: str) -> None:
    examples = examples_by_intent().get(topic, [])
    minimum = MINIMUM_EXAMPLES[TOPICS[topic]["kind"]]
    assert len(set(examples)) >= minimum, f"{topic}: {len(set(examples))} unique examples, need {minimum}"


@pytest.mark.parametrize("topic", sorted(t for t, v in TOPICS.items() if v["kind"] == "faq"))
def test_faq_topic_answer_names_its_source(topic: str, trained_domain) -> None:
    variations = trained_domain.responses.get(f"utter_{topic}")
    assert variations, f"no answer utter_{topic}"
    for variation in variations:
        assert SOURCE_LINE.search(variation["text"]), f"utter_{topic} does not end with a source"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_has_a_rule_that_answers_it(topic: str) -> None:
    answered = {
        rule["steps"][0].get("intent")
        for rule in rules()
        if rule.get("steps") and "condition" not in rule
    }
    assert topic in answered


def test_answers_only_use_known_topics_as_buttons() -> None:
    for name, variations in faq_responses().items():
        for variation in variations:
            for button in variation.get("buttons", []):
                assert button["payload"].lstrip("/") in TOPICS, f"{name}: unknown button {button}"
