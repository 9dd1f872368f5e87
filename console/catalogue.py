"""Every answer the assistant can give, per topic, as staff need to review it.

Read from the same files the model is trained on (console.training_data): the topics are
domain.yml's intents, the answer to each is what its rule in data/rules/ does, the wording is
in data/responses/ and domain.yml, and answers built by custom actions are rendered for the
chosen council with the very functions the action server uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from actions.councils.config import Council
from actions.councils.render import human_handoff_text, local_addendum, local_contacts_text, safeguarding_text
from actions.topic_titles import topic_titles
from console.training_data import examples_by_intent, faq_responses, load_domain, rules

SOURCE_PREFIX = "Source:"

# Answers written by code for one council: action -> (what it does, its text for a council).
COUNCIL_ACTIONS: Dict[str, Tuple[str, Callable[[Council, str], Optional[str]]]] = {
    "action_local_contacts": (
        "Lists the council's contacts (from its file in councils/).",
        lambda council, _topic: local_contacts_text(council)),
    "action_human_handoff": (
        "Explains how to reach a person, with the council's contacts (from its file in councils/).",
        lambda council, _topic: human_handoff_text(council)),
    "action_safeguarding_urgent": (
        "Gives the emergency routes at once, with the council's children's services (from its file in councils/).",
        lambda council, _topic: safeguarding_text(council)),
    "action_add_local_detail": (
        "Adds the council's own contact details after the answer (from its file in councils/).",
        local_addendum),
}
# Answers built by code with no fixed wording.
OTHER_ACTIONS: Dict[str, str] = {
    "meeting_prep_form": "Asks six short questions about the meeting, with buttons, then builds the parent's "
                         "list of questions to take (wording in content/meeting_prep.yml).",
}


@dataclass(frozen=True)
class Answer:
    """One message of an answer: fixed wording from a response, or built by a custom action."""

    name: str
    text: str
    source: Optional[str] = None
    buttons: Tuple[str, ...] = ()
    built_by_code: Optional[str] = None


@dataclass(frozen=True)
class Topic:
    """A topic (intent) with its plain title, training examples and answer."""

    id: str
    title: str
    examples: int
    answers: Tuple[Answer, ...] = field(default=())

    def matches(self, query: str) -> bool:
        """Whether every word of `query` appears in the topic's id, title or answer."""
        haystack = " ".join([self.id, self.title] + [
            " ".join([answer.name, answer.text, answer.source or "", *answer.buttons]) for answer in self.answers
        ]).casefold()
        return all(word in haystack for word in query.casefold().split())


def catalogue(council: Council) -> List[Topic]:
    """Every topic of the assistant, in domain.yml's order, with its answer for `council`."""
    domain = load_domain()
    responses = {**domain.get("responses", {}), **faq_responses()}
    answer_actions = _answer_actions()
    titles = topic_titles()
    counts = {intent: len(examples) for intent, examples in examples_by_intent().items()}
    topics = []
    for intent in domain.get("intents", []):
        answers: List[Answer] = []
        for action in answer_actions.get(intent, []):
            answers.extend(_answers_of(action, responses, council, intent))
        topics.append(Topic(id=intent, title=titles.get(intent, intent), examples=counts.get(intent, 0),
                            answers=tuple(answers)))
    return topics


def split_source(text: str) -> Tuple[str, Optional[str]]:
    """An FAQ answer's text without its last `Source:` line, and that source (None if it has none)."""
    lines = text.rstrip().splitlines()
    if lines and lines[-1].startswith(SOURCE_PREFIX):
        return "\n".join(lines[:-1]).rstrip(), lines[-1][len(SOURCE_PREFIX):].strip()
    return text.rstrip(), None


def _answer_actions() -> Dict[str, List[str]]:
    """Intent -> the actions its rule runs outside any form (data/rules/)."""
    answers: Dict[str, List[str]] = {}
    for rule in rules():
        steps = rule.get("steps") or []
        if rule.get("condition") or not steps or "intent" not in steps[0] or steps[0]["intent"] in answers:
            continue
        actions = []
        for step in steps[1:]:
            if "action" not in step:
                break
            actions.append(step["action"])
        answers[steps[0]["intent"]] = actions
    return answers


def _answers_of(action: str, responses: Dict[str, List[dict]], council: Council, topic: str) -> List[Answer]:
    if action in responses:
        answers = []
        for variation in responses[action]:
            text, source = split_source(str(variation.get("text", "")))
            buttons = tuple(str(button.get("title", "")) for button in variation.get("buttons", []) or [])
            answers.append(Answer(name=action, text=text, source=source, buttons=buttons))
        return answers
    if action in COUNCIL_ACTIONS:
        description, render = COUNCIL_ACTIONS[action]
        text = render(council, topic)
        return [Answer(name=action, text=text or "", built_by_code=description)] if text else []
    description = OTHER_ACTIONS.get(action, "Built by the custom action of this name in actions/.")
    return [Answer(name=action, text="", built_by_code=description)]
