"""Load content/meeting_prep.yml (questions, tips, email, next steps) and check all of it.

The file is edited by people who are not developers, and a mistake in it must never reach a
parent as a thin or empty plan. So the whole file is checked when it is loaded: its shape, every
condition against the form's real slots and values, and, by trying every possible set of
answers, that each plan has between MIN_QUESTIONS and MAX_QUESTIONS questions. Every problem
found is reported at once, in plain words naming the file, so one run is enough to fix them all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actions.meeting_prep.answers import Answers, every_combination
from actions.meeting_prep.options import SLOTS

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "meeting_prep.yml"
HEADINGS = (
    "Understanding the needs",
    "The support and who delivers it",
    "Measuring progress and the review date",
    "Specialists",
    "Next steps and escalation",
)
# Questions every plan must ask, and the heading they belong under.
REQUIRED_QUESTIONS = {
    "progress_measure": "Measuring progress and the review date",
    "review_date": "Measuring progress and the review date",
}
MIN_QUESTIONS = 8
MAX_QUESTIONS = 15
QUESTIONS_MARKER = "{questions}"
SENDIASS_MARKER = "{sendiass_contact}"
EMAIL_PLACEHOLDERS = ("[child's name]", "[date]", "[your name]")
_ID = re.compile(r"[a-z][a-z0-9_]*")


class MeetingContentError(Exception):
    """The content file is broken or inconsistent; `problems` holds one line per problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = tuple(problems)
        count = f"{len(self.problems)} problem" + ("s" if len(self.problems) != 1 else "")
        super().__init__(f"{path}: {count}:\n" + "\n".join(f"- {p}" for p in self.problems))


@dataclass(frozen=True)
class Requirement:
    """One line of a `when:` condition: the answer to `slot` must be one of `values`."""

    slot: str
    values: frozenset[str]


@dataclass(frozen=True)
class Condition:
    """All requirements must hold; no requirements means always."""

    requirements: tuple[Requirement, ...] = ()

    def holds(self, answers: Answers) -> bool:
        """True when every requirement shares a value with the parent's answer."""
        return all(answers[r.slot] & r.values for r in self.requirements)


@dataclass(frozen=True)
class Question:
    """A question for the parent to ask, under one of HEADINGS."""

    id: str
    heading: str
    text: str
    when: Condition


@dataclass(frozen=True)
class Tip:
    """Advice on running the meeting, with the guidance or law behind it where there is one."""

    text: str
    source: str | None
    when: Condition


@dataclass(frozen=True)
class NextStep:
    """Something to do after the meeting; one of them carries SENDIASS_MARKER."""

    text: str
    when: Condition


@dataclass(frozen=True)
class EmailTemplate:
    """The pre-meeting email; the body has QUESTIONS_MARKER where the questions go."""

    subject: str
    body: str


@dataclass(frozen=True)
class MeetingContent:
    """The checked file. `questions` are in HEADINGS order, then in file order."""

    path: Path
    title: str
    questions: tuple[Question, ...]
    tips: tuple[Tip, ...]
    email: EmailTemplate
    next_steps: tuple[NextStep, ...]

    def questions_for(self, answers: Answers) -> tuple[Question, ...]:
        """The questions whose conditions hold for these answers, in order."""
        return tuple(q for q in self.questions if q.when.holds(answers))


def load_content(path: Path = CONTENT_FILE) -> MeetingContent:
    """Read and check the content file; raise MeetingContentError listing every problem."""
    path = Path(path)
    data = _read_yaml(path)
    problems: list[str] = []
    content = _Parser(problems).content(data, path)
    if content is not None and not problems:
        _check_plan_sizes(content, problems)
    if problems or content is None:
        raise MeetingContentError(path, problems)
    return content


class _Loader(yaml.SafeLoader):
    """YAML that keeps `yes`, `no`, `on` and `off` as words and refuses repeated keys.

    Plain YAML reads `no` as false, which would silently break `specialists_involved: [no]`,
    and keeps only the last of two equal keys, which would silently drop a line.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A mapping, refusing a key that appears twice."""
    seen: set[str] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str):
            continue  # construct_mapping below reports keys that cannot be keys
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> Any:
    """The parsed file, or MeetingContentError saying where the YAML is broken."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise MeetingContentError(path, [f"cannot be read: {error.strerror or error}"]) from error
    try:
        return yaml.load(text, Loader=_Loader)  # safe: _Loader extends SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise MeetingContentError(path, [f"is not valid YAML{where}: {problem}"]) from error


class _Parser:
    """Turns the parsed YAML into dataclasses, noting every problem instead of stopping."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def content(self, data: Any, path: Path) -> MeetingContent | None:
        """The whole file; None when its top level is too broken to read further."""
        top = self._mapping(
            data, "the file", required=("title", "sections", "tips", "email", "next_steps")
        )
        if top is None:
            return None
        return MeetingContent(
            path=path,
            title=self._text(top, "title", "the file"),
            questions=self._sections(top.get("sections")),
            tips=self._tips(top.get("tips")),
            email=self._email(top.get("email")),
            next_steps=self._next_steps(top.get("next_steps")),
        )

    def _tips(self, value: Any) -> tuple[Tip, ...]:
        """Tips, each with an optional source and condition."""
        return tuple(
            Tip(
                text=self._text(item, "text", where),
                source=self._text(item, "source", where) if "source" in item else None,
                when=self._condition(item.get("when"), where),
            )
            for item, where in self._items(value, "tips", ("text",), ("source", "when"))
        )

    def _next_steps(self, value: Any) -> tuple[NextStep, ...]:
        """Next steps; exactly one names the local SENDIASS, in every plan."""
        steps = tuple(
            NextStep(
                text=self._text(item, "text", where, allowed=(SENDIASS_MARKER,)),
                when=self._condition(item.get("when"), where),
            )
            for item, where in self._items(value, "next_steps", ("text",), ("when",))
        )
        carrying = [step for step in steps if SENDIASS_MARKER in step.text]
        if len(carrying) != 1 or carrying[0].when.requirements:
            self.problems.append(
                f"next_steps: exactly one step, with no 'when', must contain {SENDIASS_MARKER}"
            )
        return steps

    def _sections(self, value: Any) -> tuple[Question, ...]:
        """Every question, grouped under the fixed HEADINGS in their fixed order."""
        by_heading: dict[str, tuple[Question, ...]] = {}
        for section, where in self._items(value, "sections", ("heading", "questions"), ()):
            heading = section.get("heading")
            if heading not in HEADINGS:
                self._unknown("heading", heading, HEADINGS, where)
            elif heading in by_heading:
                self.problems.append(f"{where}: the heading '{heading}' appears twice")
            else:
                by_heading[heading] = self._questions(section.get("questions"), heading)
        if [h for h in HEADINGS if h in by_heading] != list(by_heading):
            self.problems.append(f"sections must follow this order: {'; '.join(HEADINGS)}")
        for heading in HEADINGS:
            if not by_heading.get(heading):
                self.problems.append(f"the heading '{heading}' has no questions")
        questions = tuple(q for heading in HEADINGS for q in by_heading.get(heading, ()))
        self._check_questions(questions)
        return questions

    def _questions(self, value: Any, heading: str) -> tuple[Question, ...]:
        """The questions of one section."""
        questions = []
        where_section = f"questions under '{heading}'"
        for item, where in self._items(value, where_section, ("id", "text"), ("when", "always")):
            question_id = item.get("id")
            if not isinstance(question_id, str) or not _ID.fullmatch(question_id):
                self.problems.append(
                    f"{where}: the id must be lower-case letters, digits and underscores, "
                    f"not {question_id!r}"
                )
                continue
            where = f"question '{question_id}'"
            if "always" in item:
                if item["always"] is not True:
                    self.problems.append(
                        f"{where}: 'always' can only be true; to ask a question only "
                        "sometimes, use 'when' instead"
                    )
                elif "when" in item:
                    self.problems.append(f"{where}: has both 'always: true' and 'when'; keep one")
            questions.append(
                Question(
                    id=question_id,
                    heading=heading,
                    text=self._text(item, "text", where),
                    when=self._condition(item.get("when"), where),
                )
            )
        return tuple(questions)

    def _check_questions(self, questions: tuple[Question, ...]) -> None:
        """Ids and texts are unique, and the required questions are asked every time."""
        seen_ids: set[str] = set()
        seen_texts: dict[str, str] = {}
        for question in questions:
            if question.id in seen_ids:
                self.problems.append(f"the question id '{question.id}' is used twice")
            seen_ids.add(question.id)
            key = question.text.casefold()
            if key and key in seen_texts:
                self.problems.append(
                    f"questions '{seen_texts[key]}' and '{question.id}' have the same text"
                )
            seen_texts.setdefault(key, question.id)
        by_id = {q.id: q for q in questions}
        for question_id, heading in REQUIRED_QUESTIONS.items():
            question = by_id.get(question_id)
            if question is None:
                self.problems.append(
                    f"the question '{question_id}' is required (under '{heading}', "
                    "with always: true)"
                )
            elif question.heading != heading or question.when.requirements:
                self.problems.append(
                    f"question '{question_id}' must be under '{heading}' and asked in every "
                    "plan (always: true, no 'when')"
                )

    def _email(self, value: Any) -> EmailTemplate:
        """The email: its placeholders, and the one place the questions go."""
        email = self._mapping(value, "email", required=("subject", "body")) or {}
        subject = self._text(email, "subject", "email")
        body = self._text(email, "body", "email", allowed=(QUESTIONS_MARKER,), block=True)
        if body and body.count(QUESTIONS_MARKER) != 1:
            self.problems.append(f"email: the body must contain {QUESTIONS_MARKER} exactly once")
        for placeholder in EMAIL_PLACEHOLDERS:
            if subject and body and placeholder not in subject + body:
                self.problems.append(f"email: the placeholder {placeholder} is missing")
        return EmailTemplate(subject=subject, body=body)

    def _condition(self, value: Any, where: str) -> Condition:
        """A `when:` mapping of slot to value or list of values."""
        if value is None:
            return Condition()
        if not isinstance(value, Mapping) or not value:
            self.problems.append(f"{where}: 'when' must list slots and their values")
            return Condition()
        requirements = []
        for slot, wanted in value.items():
            if slot not in SLOTS:
                self._unknown("slot", slot, tuple(SLOTS), f"{where}, when")
                continue
            values = [wanted] if isinstance(wanted, str) else wanted
            if not isinstance(values, list) or not values:
                self.problems.append(f"{where}, when {slot}: give a value or a list of values")
                continue
            for item in values:
                if item not in SLOTS[slot].values:
                    self._unknown(f"value for {slot}", item, SLOTS[slot].values, f"{where}, when")
            requirements.append(Requirement(slot, frozenset(map(str, values))))
        return Condition(tuple(requirements))

    def _text(
        self,
        item: Mapping[str, Any],
        key: str,
        where: str,
        allowed: tuple[str, ...] = (),
        block: bool = False,
    ) -> str:
        """The text under `key`, with no stray {markers}; spaces tidied, lines too unless `block`.

        A missing key gives "" quietly: `_mapping` has already reported it.
        """
        if key not in item:
            return ""
        value = item[key]
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}: '{key}' needs some text")
            return ""
        stripped = value
        for marker in allowed:
            stripped = stripped.replace(marker, "")
        if "{" in stripped or "}" in stripped:
            self.problems.append(
                f"{where}: unknown {{marker}} in '{key}'; allowed: {', '.join(allowed) or 'none'}"
            )
        if block:
            return "\n".join(line.rstrip() for line in value.strip().splitlines())
        return " ".join(value.split())

    def _items(
        self, value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> list[tuple[Mapping[str, Any], str]]:
        """The usable entries of a list, each with a description for messages."""
        if not isinstance(value, list) or not value:
            self.problems.append(f"{where}: must be a list with at least one entry")
            return []
        found = []
        for number, entry in enumerate(value, 1):
            label = f"{where}, entry {number}"
            if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
                label += f" (id '{entry['id']}')"
            mapping = self._mapping(entry, label, required, optional)
            if mapping is not None:
                found.append((mapping, label))
        return found

    def _mapping(
        self, value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping[str, Any] | None:
        """`value` if it is a mapping; missing and unknown keys are noted."""
        if not isinstance(value, Mapping):
            self.problems.append(f"{where}: expected keys {', '.join(required)}")
            return None
        for key in required:
            if key not in value:
                self.problems.append(f"{where}: the field '{key}' is missing")
        for key in value:
            if key not in required + optional:
                self._unknown("key", key, required + optional, where)
        return value

    def _unknown(self, kind: str, value: Any, known: tuple[str, ...], where: str) -> None:
        """Note an unknown name, suggesting the closest known one."""
        close = difflib.get_close_matches(str(value), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; use one of: {', '.join(known)}"
        self.problems.append(f"{where}: unknown {kind} {value!r}{hint}")


def _check_plan_sizes(content: MeetingContent, problems: list[str]) -> None:
    """Every possible set of answers must give MIN_QUESTIONS to MAX_QUESTIONS questions."""
    too_few: list[tuple[int, Answers]] = []
    too_many: list[tuple[int, Answers]] = []
    for answers in every_combination():
        count = len(content.questions_for(answers))
        if count < MIN_QUESTIONS:
            too_few.append((count, answers))
        elif count > MAX_QUESTIONS:
            too_many.append((count, answers))
    if too_few:
        problems.append(_size_problem(too_few, "few", min(too_few, key=lambda pair: pair[0])))
    if too_many:
        problems.append(_size_problem(too_many, "many", max(too_many, key=lambda pair: pair[0])))


def _size_problem(found: list[tuple[int, Answers]], word: str, worst: tuple[int, Answers]) -> str:
    """How many answer combinations are out of range, with the worst one as an example."""
    count, answers = worst
    return (
        f"{len(found)} combinations of answers give too {word} questions (every plan needs "
        f"{MIN_QUESTIONS} to {MAX_QUESTIONS}); for example, {_describe(answers)} gives {count}"
    )


def _describe(answers: Answers) -> str:
    """Answers as the slot: value pairs used in `when:` conditions."""
    return ", ".join(f"{slot}: {', '.join(sorted(values))}" for slot, values in answers.items())
