"""Per-council configuration: read `councils/*.yml`, check every field, build frozen objects.

A council's web team sets the assistant up by editing one YAML file, with no code change. They
are not developers, so a mistake must never reach a parent: every file is checked in full when
the bot starts (and by `scripts/check_councils.py`), and every problem in every file is reported
at once, in plain words naming the file and the field, so one run is enough to fix them all.

The dataclasses below are the schema: the checks walk their fields and type hints, so the
schema and the checks cannot drift apart. `councils/_template.yml` documents the same fields
(a unit test checks that it lists every field of a local council).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, NoneType, UnionType
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

import yaml

COUNCILS_DIR = Path(__file__).resolve().parents[2] / "councils"
DEFAULT_COUNCIL_ENV = "SEN_DEFAULT_COUNCIL"
FALLBACK_DEFAULT_SLUG = "england"
_MISSING = "is required but missing"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _field(check: str, *, optional: bool = False) -> Any:
    """Declare a text field and the check its value must pass (text, url, phone, email, slug)."""
    if optional:
        return field(default=None, metadata={"check": check})
    return field(metadata={"check": check})


@dataclass(frozen=True)
class Link:
    """A titled web page, such as a local SEN support ('graduated response') guidance document."""

    title: str = _field("text")
    url: str = _field("url")


@dataclass(frozen=True)
class LocalOffer:
    """The council's SEND Local Offer site; parents often know it by its own name."""

    name: str = _field("text")
    url: str = _field("url")


@dataclass(frozen=True)
class Sendiass:
    """The local information, advice and support service: the main route to a person."""

    name: str = _field("text")
    phone: str = _field("phone")
    email: str = _field("email")
    website: str = _field("url")
    opening_hours: str = _field("text")


@dataclass(frozen=True)
class Organisation:
    """A group parents are pointed to by name and website (parent carer forum, IPSEA)."""

    name: str = _field("text")
    website: str = _field("url")


@dataclass(frozen=True)
class Helpline:
    """A national organisation with a phone line (Contact)."""

    name: str = _field("text")
    phone: str = _field("phone")
    website: str = _field("url")


@dataclass(frozen=True)
class SenTeam:
    """The council's SEN team, which receives requests for an EHC needs assessment."""

    name: str = _field("text")
    ehc_request_url: str = _field("url")
    phone: str | None = _field("phone", optional=True)
    email: str | None = _field("email", optional=True)


@dataclass(frozen=True)
class ChildrensServices:
    """The children's services 'front door' that takes safeguarding reports, day and night."""

    name: str = _field("text")
    phone: str = _field("phone")
    out_of_hours_phone: str = _field("phone")
    website: str | None = _field("url", optional=True)


@dataclass(frozen=True)
class LocalCouncil:
    """One council's own services, for a deployment embedded on that council's Local Offer."""

    kind: ClassVar[str] = "local"

    slug: str = _field("slug")
    name: str = _field("text")
    local_offer: LocalOffer
    sendiass: Sendiass
    parent_carer_forum: Organisation
    sen_team: SenTeam
    complaints_url: str = _field("url")
    childrens_services: ChildrensServices
    privacy_notice_url: str = _field("url")
    accessibility_statement_url: str = _field("url")
    extra_links: tuple[Link, ...] = field(default=())


@dataclass(frozen=True)
class NationalDefault:
    """National signposts used when the child's council is not known.

    Local services depend on where the child lives, so instead of local phone numbers this kind
    carries the national ways to find them, plus national charities anyone can contact.
    """

    kind: ClassVar[str] = "national"

    slug: str = _field("slug")
    name: str = _field("text")
    home_council_note: str = _field("text")
    find_your_council_url: str = _field("url")
    find_your_sendiass_url: str = _field("url")
    report_child_abuse_url: str = _field("url")
    ipsea: Organisation
    contact: Helpline
    privacy_notice_url: str | None = _field("url", optional=True)
    accessibility_statement_url: str | None = _field("url", optional=True)


Council = Union[LocalCouncil, NationalDefault]
_KINDS: dict[str, type[LocalCouncil] | type[NationalDefault]] = {
    LocalCouncil.kind: LocalCouncil,
    NationalDefault.kind: NationalDefault,
}


class CouncilConfigError(Exception):
    """One or more council files are wrong; `problems` holds one plain-words line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        count = f"{len(self.problems)} problem" + ("s" if len(self.problems) != 1 else "")
        super().__init__(f"{count} in council configuration:\n" + "\n".join(self.problems))


@dataclass(frozen=True)
class CouncilRegistry:
    """All loaded councils plus the deployment's default, looked up by the slug from the page."""

    councils: Mapping[str, Council]
    default_slug: str

    def __post_init__(self) -> None:
        if self.default_slug not in self.councils:
            raise ValueError(f"default council {self.default_slug!r} is not among the councils")
        object.__setattr__(self, "councils", MappingProxyType(dict(self.councils)))

    @property
    def slugs(self) -> tuple[str, ...]:
        """Every loaded slug, sorted, for checks and messages."""
        return tuple(sorted(self.councils))

    @property
    def default(self) -> Council:
        """The council used when the page gives no usable slug."""
        return self.councils[self.default_slug]

    def get(self, slug: object = None) -> Council:
        """Return the council for `slug`, or the default for anything missing, unknown or odd.

        The slug comes from the embedding page, so it can be absent, misspelt or not even text;
        a parent must still get an answer, never an error.
        """
        if isinstance(slug, str):
            return self.councils.get(slug.strip().lower(), self.default)
        return self.default


def load_council_file(path: Path) -> Council:
    """Load and check one council file; raise `CouncilConfigError` listing all its problems."""
    council, problems = _check_file(Path(path))
    if problems or council is None:
        raise CouncilConfigError(problems)
    return council


def load_councils(directory: Path = COUNCILS_DIR, default_slug: str | None = None) -> CouncilRegistry:
    """Load every council file in `directory`; raise one error listing every problem in all of them.

    Files starting with `_` (the template) are skipped. The default council comes from
    `default_slug`, else the `SEN_DEFAULT_COUNCIL` environment variable, else `england`.
    """
    directory = Path(directory)
    env_default = os.environ.get(DEFAULT_COUNCIL_ENV, "").strip()
    if default_slug:
        default, source = default_slug, "the default_slug argument"
    elif env_default:
        default, source = env_default, f"the {DEFAULT_COUNCIL_ENV} environment variable"
    else:
        default, source = FALLBACK_DEFAULT_SLUG, "the built-in default"
    if not directory.is_dir():
        raise CouncilConfigError([f"{directory}: council folder not found"])

    problems = [
        f"{path.name}: council files must end in .yml, so this file is ignored; rename it"
        for path in sorted(directory.glob("*.yaml"))
        if not path.name.startswith("_")
    ]
    paths = [path for path in sorted(directory.glob("*.yml")) if not path.name.startswith("_")]
    councils: dict[str, Council] = {}
    for path in paths:
        council, file_problems = _check_file(path)
        problems.extend(file_problems)
        if council is not None:
            councils[council.slug] = council
    if not paths:
        problems.append(f"{directory}: no council files found (expected files like england.yml)")
    elif default not in {path.stem for path in paths}:
        problems.append(
            f"default council {default!r} (from {source}) has no file {default}.yml; "
            f"council files found: {', '.join(path.stem for path in paths)}"
        )
    if problems:
        raise CouncilConfigError(problems)
    return CouncilRegistry(councils=councils, default_slug=default)


def _check_file(path: Path) -> tuple[Council | None, list[str]]:
    """Read, parse and check one file, returning the council (if valid) and its problems."""
    issues: list[tuple[str, str]] = []
    data = _read_yaml(path, issues)
    council = None if data is _UNREADABLE else _check_council(data, path.stem, issues)
    problems = [": ".join(part for part in (path.name, where, what) if part) for where, what in issues]
    return (None if problems else council), problems


_UNREADABLE = object()  # what _read_yaml returns when there is nothing to check


def _read_yaml(path: Path, issues: list[tuple[str, str]]) -> Any:
    """Parse the file safely, reporting unreadable files, bad YAML (with its line) and repeated keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        issues.append(("", "the file is not saved as UTF-8 text; save it again as UTF-8"))
        return _UNREADABLE
    except OSError as exc:
        issues.append(("", f"the file cannot be read ({exc.strerror})"))
        return _UNREADABLE
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        _find_repeated_keys(node, "", issues)
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        tip = "check the indentation, and put any text containing ': ' in quotes"
        issues.append(("", f"not valid YAML{_yaml_error_lines(exc)}; {tip}"))
        return _UNREADABLE


def _yaml_error_lines(exc: yaml.YAMLError) -> str:
    """Where the parser gave up, and where the broken item began if that is another line."""
    problem = getattr(exc, "problem_mark", None)
    if problem is None:
        return f": {exc}"
    where = f" near line {problem.line + 1}"
    start = getattr(exc, "context_mark", None)
    if start is not None and start.line != problem.line:
        where += f" (the item starting on line {start.line + 1})"
    return f"{where}: {getattr(exc, 'problem', None) or exc}"


def _find_repeated_keys(node: yaml.Node | None, path: str, issues: list[tuple[str, str]]) -> None:
    """Report a field written twice in one section: YAML would silently keep only the last one."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                line = key_node.start_mark.line + 1
                issues.append((_join(path, key), f"is written twice (again on line {line}); keep only one"))
            seen.add(key)
            _find_repeated_keys(value_node, _join(path, key), issues)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _find_repeated_keys(item, f"{path}[{index}]", issues)


def _check_council(data: Any, stem: str, issues: list[tuple[str, str]]) -> Council | None:
    """Pick the schema from `kind`, check every field and that the slug matches the file name."""
    if data is None:
        issues.append(("", "the file is empty; copy _template.yml to start"))
        return None
    if not isinstance(data, dict):
        issues.append(("", f"the file must be made of 'field: value' lines, but it is {_describe(data)}"))
        return None
    fields = dict(data)
    kind = fields.pop("kind", None)
    if not isinstance(kind, str) or kind not in _KINDS:
        shown = "missing" if kind is None else repr(kind)
        issues.append(("kind", f"must be 'local' or 'national', but it is {shown}"))
        return None
    before = len(issues)
    council = _build(_KINDS[kind], fields, "", issues, extra_allowed=("kind",))
    slug = fields.get("slug")
    if isinstance(slug, str) and _SLUG.fullmatch(slug) and slug != stem:
        issues.append(("slug", f"is {slug!r} but the file is named {stem}.yml; they must match"))
    return council if len(issues) == before else None


def _build(
    cls: type, data: Any, path: str, issues: list[tuple[str, str]], extra_allowed: tuple[str, ...] = ()
) -> Any:
    """Check a mapping against a dataclass's fields and build it; None if anything is wrong."""
    if not isinstance(data, dict):
        issues.append((path, f"must be a section of indented 'field: value' lines, not {_describe(data)}"))
        return None
    before = len(issues)
    allowed = [f.name for f in dataclasses.fields(cls)]
    for key in data:
        if key not in allowed and key not in extra_allowed:
            issues.append((_join(path, str(key)), _unknown_key(str(key), allowed + list(extra_allowed))))
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        where = _join(path, spec.name)
        optional = spec.default is not dataclasses.MISSING
        raw = data.get(spec.name)
        if raw is None:
            if not optional:
                issues.append((where, "is empty; fill it in" if spec.name in data else _MISSING))
            continue
        values[spec.name] = _convert(hints[spec.name], spec.metadata.get("check", ""), raw, where, issues)
    return cls(**values) if len(issues) == before else None


def _convert(hint: Any, check: str, raw: Any, where: str, issues: list[tuple[str, str]]) -> Any:
    """Check one value against its declared type: a nested section, a list of sections, or text."""
    hint = _without_none(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, raw, where, issues)
    if get_origin(hint) is tuple:
        if not isinstance(raw, list):
            issues.append((where, f"must be a list of entries each starting with '- ', not {_describe(raw)}"))
            return ()
        return tuple(_build(get_args(hint)[0], item, f"{where}[{i}]", issues) for i, item in enumerate(raw))
    if not isinstance(raw, str):
        tip = " (put it in quotes)" if isinstance(raw, (int, float, bool)) else ""
        issues.append((where, f"must be text, but it is {_describe(raw)}{tip}"))
        return None
    value = raw.strip()
    problem = "is empty; fill it in" if not value else _CHECKS[check](value)
    if problem:
        issues.append((where, problem))
    return value


def _without_none(hint: Any) -> Any:
    """Turn `X | None` into `X`: whether a field may be left out is decided by its default."""
    if get_origin(hint) in (Union, UnionType):
        return next(arg for arg in get_args(hint) if arg is not NoneType)
    return hint


def _check_text(value: str) -> str | None:
    """Any non-empty text is fine (names, opening hours)."""
    return None


def _check_url(value: str) -> str | None:
    """Links must be secure https addresses with a real host, so parents are not sent astray."""
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname and "." in parts.hostname and not re.search(r"\s", value):
        return None
    return (
        f"{value!r} is not a valid web address: it must start with https:// and name a website, "
        "e.g. https://www.example.org/page"
    )


def _check_phone(value: str) -> str | None:
    """UK numbers as people dial them; short numbers like 999 or 111 are not a service's contact."""
    digits = value.replace(" ", "")
    if value.startswith("+"):
        return f"{value!r}: write UK numbers starting with 0, not +44, e.g. 01632 960123"
    if digits.isdigit() and len(digits) == 3:
        return f"{value!r} is an emergency or short number; give the service's own number, e.g. 01632 960123"
    if digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 11:
        return None
    return (
        f"{value!r} is not a valid UK phone number: use digits and spaces only, "
        "starting with 0, 10 or 11 digits in all, e.g. 01632 960123"
    )


def _check_email(value: str) -> str | None:
    """A plain address, so the text we print can be copied straight into an email."""
    if _EMAIL.fullmatch(value):
        return None
    return f"{value!r} is not a valid email address, e.g. sendiass@example.org"


def _check_slug(value: str) -> str | None:
    """Slugs arrive in page URLs and name the file, so keep them to a simple, safe form."""
    if _SLUG.fullmatch(value):
        return None
    return f"{value!r} must use only lower-case letters, digits and single hyphens, e.g. north-exampleshire"


_CHECKS = {
    "text": _check_text,
    "url": _check_url,
    "phone": _check_phone,
    "email": _check_email,
    "slug": _check_slug,
}


def _unknown_key(key: str, allowed: list[str]) -> str:
    """Name the unknown key, suggest the likely intended one, and list what is allowed."""
    guess = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {guess[0]!r}?)" if guess else ""
    return f"unknown field{hint}. Allowed fields here: {', '.join(sorted(allowed))}"


def _join(path: str, name: str) -> str:
    """Dotted path of a field, e.g. `sendiass.phone`, as people will search for it in the file."""
    return f"{path}.{name}" if path else name


def _describe(value: Any) -> str:
    """Name a YAML value's type in words a web editor will recognise."""
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a section of fields"
    return "empty" if value is None else type(value).__name__
