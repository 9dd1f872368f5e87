"""Council configuration: shipped files are valid, broken files fail clearly, text stays local.

A web team's slip in a council file must be caught with a message naming the file and field,
and a parent must only ever see their own council's numbers (or the national signposts).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from actions.councils import (
    Council,
    CouncilConfigError,
    LocalCouncil,
    NationalDefault,
    human_handoff_text,
    load_council_file,
    load_councils,
    local_addendum,
    local_contacts_text,
    safeguarding_text,
)
from actions.councils.config import COUNCILS_DIR, DEFAULT_COUNCIL_ENV

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(path for path in COUNCILS_DIR.glob("*.yml") if not path.name.startswith("_"))
ADDENDUM_TOPICS = ("sendiass", "parent_carer_forum", "complaints", "ehc_needs_assessment", "local_offer")
# Config values that no renderer prints: identifiers and the hosting site's own pages.
NOT_RENDERED = {"slug", "privacy_notice_url", "accessibility_statement_url"}


@pytest.fixture(autouse=True)
def _no_default_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not depend on the developer's shell."""
    monkeypatch.delenv(DEFAULT_COUNCIL_ENV, raising=False)


@pytest.fixture(scope="module")
def councils() -> dict[str, Council]:
    return {path.stem: load_council_file(path) for path in SHIPPED}


def all_texts(council: Council) -> str:
    """Everything the renderers can say for a council."""
    addenda = [local_addendum(council, topic) or "" for topic in ADDENDUM_TOPICS]
    return "\n".join(
        [local_contacts_text(council), human_handoff_text(council), safeguarding_text(council), *addenda]
    )


def leaves(value: Any, path: str = "") -> dict[str, str]:
    """Every configured text value of a council, keyed by its dotted field path."""
    if dataclasses.is_dataclass(value):
        found: dict[str, str] = {}
        for spec in dataclasses.fields(value):
            found.update(leaves(getattr(value, spec.name), f"{path}.{spec.name}".lstrip(".")))
        return found
    if isinstance(value, tuple):
        found = {}
        for index, item in enumerate(value):
            found.update(leaves(item, f"{path}[{index}]"))
        return found
    return {path: value} if isinstance(value, str) else {}


# --- The shipped files ----------------------------------------------------------------


def test_shipped_councils_load_with_england_as_default() -> None:
    registry = load_councils()
    assert registry.slugs == ("england", "exampleshire", "sampleton")
    assert registry.default_slug == "england"
    assert isinstance(registry.default, NationalDefault)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_each_shipped_file_is_valid(path: Path) -> None:
    assert load_council_file(path).slug == path.stem


def test_demo_councils_are_fictional(councils: dict[str, Council]) -> None:
    for slug in ("exampleshire", "sampleton"):
        council = councils[slug]
        assert isinstance(council, LocalCouncil)
        for where, value in leaves(council).items():
            if where.endswith("phone"):
                assert re.fullmatch(r"01632 960\d{3}", value), where
            if where.endswith(("url", "website")) or where.endswith("email"):
                assert re.search(r"[./@]example\.(org|com)(/|$)", value), where


def test_demo_councils_differ_in_every_field(councils: dict[str, Council]) -> None:
    first, second = leaves(councils["exampleshire"]), leaves(councils["sampleton"])
    shared = {where for where in first.keys() & second.keys() if first[where] == second[where]}
    assert not shared


def test_template_documents_every_local_field(tmp_path: Path) -> None:
    copy_path = tmp_path / "yourshire.yml"
    shutil.copy(COUNCILS_DIR / "_template.yml", copy_path)
    council = load_council_file(copy_path)
    assert isinstance(council, LocalCouncil)
    unset = [where for where, value in _all_fields(council).items() if value in (None, ())]
    assert not unset, f"the template leaves out: {unset}"
    text = (COUNCILS_DIR / "_template.yml").read_text(encoding="utf-8")
    for spec in dataclasses.fields(NationalDefault):
        assert spec.name in text, f"the template does not describe national field {spec.name}"


def _all_fields(value: Any, path: str = "") -> dict[str, Any]:
    """Every field of a council and its sections, with its value (None if left out)."""
    found: dict[str, Any] = {}
    for spec in dataclasses.fields(value):
        item = getattr(value, spec.name)
        where = f"{path}.{spec.name}".lstrip(".")
        found[where] = item
        if dataclasses.is_dataclass(item):
            found.update(_all_fields(item, where))
    return found


def test_files_starting_with_underscore_are_skipped(tmp_path: Path) -> None:
    shutil.copy(COUNCILS_DIR / "england.yml", tmp_path)
    (tmp_path / "_draft.yml").write_text("not: [valid", encoding="utf-8")
    assert load_councils(tmp_path).slugs == ("england",)


# --- Broken files give clear errors -----------------------------------------------------


def demo_data() -> dict[str, Any]:
    """A valid local council as plain data, to break one field at a time."""
    data = yaml.safe_load((COUNCILS_DIR / "exampleshire.yml").read_text(encoding="utf-8"))
    data["slug"] = "demo"
    return data


def write_demo(directory: Path, data: Any) -> Path:
    """Write `demo.yml` next to a valid england.yml, as a web team would."""
    shutil.copy(COUNCILS_DIR / "england.yml", directory)
    path = directory / "demo.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems_for(directory: Path) -> list[str]:
    with pytest.raises(CouncilConfigError) as caught:
        load_councils(directory)
    return list(caught.value.problems)


def _parent(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The section holding a dotted field, and the field's own name."""
    *sections, last = path.split(".")
    for section in sections:
        data = data[section]
    return data, last


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Change one dotted field of the demo data."""

    def change(data: dict[str, Any]) -> None:
        section, name = _parent(data, path)
        section[name] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    """Remove one dotted field of the demo data."""

    def change(data: dict[str, Any]) -> None:
        section, name = _parent(data, path)
        del section[name]

    return change


def _rename(path: str, new_name: str) -> Callable[[dict[str, Any]], None]:
    """Misspell a field name, keeping its value."""

    def change(data: dict[str, Any]) -> None:
        section, name = _parent(data, path)
        section[new_name] = section.pop(name)

    return change


BROKEN_FIELDS = {
    "missing required field": (
        _delete("sendiass.phone"),
        "demo.yml: sendiass.phone: is required but missing",
    ),
    "missing section": (
        _delete("childrens_services"),
        "demo.yml: childrens_services: is required but missing",
    ),
    "empty text": (_set("name", "   "), "demo.yml: name: is empty"),
    "empty value": (_set("sendiass.opening_hours", None), "demo.yml: sendiass.opening_hours: is empty"),
    "http url": (
        _set("local_offer.url", "http://www.example.org/x"),
        "demo.yml: local_offer.url: 'http://www.example.org/x' is not a valid web address",
    ),
    "url without host": (
        _set("complaints_url", "https://complaints"),
        "demo.yml: complaints_url: 'https://complaints' is not a valid web address",
    ),
    "url with spaces": (
        _set("sen_team.ehc_request_url", "https://www.example.org/a b"),
        "demo.yml: sen_team.ehc_request_url:",
    ),
    "short phone": (
        _set("sendiass.phone", "01632 96"),
        "demo.yml: sendiass.phone: '01632 96' is not a valid UK phone number",
    ),
    "phone with letters": (
        _set("sen_team.phone", "01632 96O1O1"),
        "demo.yml: sen_team.phone: '01632 96O1O1' is not a valid UK phone number",
    ),
    "emergency number": (
        _set("childrens_services.out_of_hours_phone", "999"),
        "demo.yml: childrens_services.out_of_hours_phone: '999' is an emergency or short number",
    ),
    "111 as a number": (
        _set("childrens_services.phone", 111),
        "demo.yml: childrens_services.phone: must be text, but it is a number",
    ),
    "international format": (
        _set("sendiass.phone", "+44 1632 960101"),
        "demo.yml: sendiass.phone: '+44 1632 960101': write UK numbers starting with 0",
    ),
    "bad email": (
        _set("sendiass.email", "sendiass at example.org"),
        "demo.yml: sendiass.email: 'sendiass at example.org' is not a valid email address",
    ),
    "unknown key": (
        _rename("sendiass.phone", "phon"),
        "demo.yml: sendiass.phon: unknown field (did you mean 'phone'?). "
        "Allowed fields here: email, name, opening_hours, phone, website",
    ),
    "unknown top-level key": (
        _set("colour", "blue"),
        "demo.yml: colour: unknown field. Allowed fields here: accessibility_statement_url,",
    ),
    "section given as text": (
        _set("sendiass", "Exampleshire SENDIASS"),
        "demo.yml: sendiass: must be a section of indented 'field: value' lines, not text",
    ),
    "text given as section": (
        _set("name", {"full": "Demo"}),
        "demo.yml: name: must be text, but it is a section of fields",
    ),
    "links not a list": (
        _set("extra_links", {"title": "x"}),
        "demo.yml: extra_links: must be a list of entries",
    ),
    "link without url": (
        _set("extra_links", [{"title": "Guide"}]),
        "demo.yml: extra_links[0].url: is required but missing",
    ),
    "bad kind": (_set("kind", "county"), "demo.yml: kind: must be 'local' or 'national', but it is 'county'"),
    "slug mismatch": (
        _set("slug", "demoshire"),
        "demo.yml: slug: is 'demoshire' but the file is named demo.yml; they must match",
    ),
    "bad slug": (
        _set("slug", "Demo Council"),
        "demo.yml: slug: 'Demo Council' must use only lower-case letters",
    ),
}


@pytest.mark.parametrize("change, expected", BROKEN_FIELDS.values(), ids=BROKEN_FIELDS.keys())
def test_broken_field_is_reported_with_file_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = demo_data()
    change(data)
    path = write_demo(tmp_path, data)
    problems = problems_for(tmp_path)
    assert any(problem.startswith(expected) for problem in problems), problems
    with pytest.raises(CouncilConfigError, match=re.escape(expected)):
        load_council_file(path)


BROKEN_FILES = {
    "bad yaml": (
        "slug: demo\nkind: local\nsendiass:\n  name: [unclosed\n",
        "demo.yml: not valid YAML near line 5",
    ),
    "bad indentation": ("slug: demo\nkind: local\n name: Demo\n", "demo.yml: not valid YAML near line 3"),
    "list not mapping": (
        "- slug: demo\n- kind: local\n",
        "demo.yml: the file must be made of 'field: value' lines, but it is a list",
    ),
    "plain text": (
        "Demo Council\n",
        "demo.yml: the file must be made of 'field: value' lines, but it is text",
    ),
    "empty file": ("# nothing yet\n", "demo.yml: the file is empty"),
    "repeated key": (
        "slug: demo\nkind: local\nname: A\nname: B\n",
        "demo.yml: name: is written twice (again on line 4)",
    ),
}


@pytest.mark.parametrize("text, expected", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_broken_file_is_reported(tmp_path: Path, text: str, expected: str) -> None:
    shutil.copy(COUNCILS_DIR / "england.yml", tmp_path)
    (tmp_path / "demo.yml").write_text(text, encoding="utf-8")
    problems = problems_for(tmp_path)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    data = demo_data()
    _set("sendiass.phone", "12345")(data)
    _set("sen_team.email", "nobody")(data)
    write_demo(tmp_path, data)
    (tmp_path / "other.yml").write_text("slug: other\nkind: local\n", encoding="utf-8")
    problems = problems_for(tmp_path)
    assert any(p.startswith("demo.yml: sendiass.phone:") for p in problems)
    assert any(p.startswith("demo.yml: sen_team.email:") for p in problems)
    assert any(p.startswith("other.yml: name: is required but missing") for p in problems)
    assert any(p.startswith("other.yml: sendiass: is required but missing") for p in problems)


def test_error_message_lists_all_problems(tmp_path: Path) -> None:
    data = demo_data()
    _set("sendiass.phone", "12345")(data)
    _set("sen_team.email", "nobody")(data)
    path = write_demo(tmp_path, data)
    with pytest.raises(CouncilConfigError) as caught:
        load_council_file(path)
    assert str(caught.value).startswith("2 problems in council configuration:")
    assert "sendiass.phone" in str(caught.value) and "sen_team.email" in str(caught.value)


def test_missing_default_council_is_reported(tmp_path: Path) -> None:
    write_demo(tmp_path, demo_data())
    (tmp_path / "england.yml").unlink()
    problems = problems_for(tmp_path)
    assert problems == [
        "default council 'england' (from the built-in default) has no file england.yml; "
        "council files found: demo"
    ]


def test_unknown_default_from_environment_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEFAULT_COUNCIL_ENV, "wales")
    expected = "default council 'wales' (from the SEN_DEFAULT_COUNCIL environment variable)"
    with pytest.raises(CouncilConfigError, match=re.escape(expected)):
        load_councils()


def test_default_comes_from_argument_then_environment_then_england(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_councils().default.slug == "england"
    monkeypatch.setenv(DEFAULT_COUNCIL_ENV, "sampleton")
    assert load_councils().default.slug == "sampleton"
    assert load_councils(default_slug="exampleshire").default.slug == "exampleshire"


def test_yaml_extension_is_not_silently_ignored(tmp_path: Path) -> None:
    shutil.copy(COUNCILS_DIR / "england.yml", tmp_path)
    shutil.copy(COUNCILS_DIR / "sampleton.yml", tmp_path / "sampleton.yaml")
    assert problems_for(tmp_path) == [
        "sampleton.yaml: council files must end in .yml, so this file is ignored; rename it"
    ]


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    assert problems_for(tmp_path)[0].endswith("no council files found (expected files like england.yml)")


# --- Registry lookup never fails ------------------------------------------------------------


ODD_SLUGS = [
    None, "", "   ", "unknown", "../sampleton", "sampleton\x00", 42, ["sampleton"], {"slug": "sampleton"}
]


@pytest.mark.parametrize("slug", ODD_SLUGS)
def test_missing_unknown_or_odd_slug_gives_the_default(slug: object) -> None:
    assert load_councils().get(slug).slug == "england"


@pytest.mark.parametrize("slug", ["sampleton", " Sampleton ", "SAMPLETON"])
def test_known_slug_is_found_whatever_its_case(slug: str) -> None:
    assert load_councils().get(slug).slug == "sampleton"


def test_registry_default_follows_deployment_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEFAULT_COUNCIL_ENV, "exampleshire")
    registry = load_councils()
    assert registry.get(None).slug == "exampleshire"
    assert registry.get("nowhere").slug == "exampleshire"


# --- Rendered text ---------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [path.stem for path in SHIPPED])
def test_safeguarding_starts_with_999_and_gives_every_route(councils: dict[str, Council], slug: str) -> None:
    council = councils[slug]
    text = safeguarding_text(council)
    assert text.splitlines()[0] == "If a child is in immediate danger, call 999 now."
    assert "0808 800 5000" in text and "0800 1111" in text
    if isinstance(council, LocalCouncil):
        assert council.childrens_services.phone in text
        assert council.childrens_services.out_of_hours_phone in text
    else:
        assert council.report_child_abuse_url in text
    assert "?" not in text, "the safety message must not ask the parent anything"


@pytest.mark.parametrize("slug", [path.stem for path in SHIPPED])
def test_renderers_print_every_detail_of_their_own_council(councils: dict[str, Council], slug: str) -> None:
    council = councils[slug]
    text = all_texts(council)
    ignored = NOT_RENDERED | ({"name"} if isinstance(council, NationalDefault) else set())
    missing = [
        where for where, value in leaves(council).items() if where not in ignored and value not in text
    ]
    assert not missing


@pytest.mark.parametrize("slug", [path.stem for path in SHIPPED])
def test_renderers_never_print_another_councils_details(councils: dict[str, Council], slug: str) -> None:
    text = all_texts(councils[slug])
    for other_slug, other in councils.items():
        if other_slug != slug:
            leaked = [where for where, value in leaves(other).items() if value in text]
            assert not leaked, f"{slug} shows {other_slug}'s {leaked}"


def test_human_handoff_gives_sendiass_with_hours(councils: dict[str, Council]) -> None:
    council = councils["sampleton"]
    assert isinstance(council, LocalCouncil)
    text = human_handoff_text(council)
    sendiass = council.sendiass
    for value in (sendiass.name, sendiass.phone, sendiass.opening_hours, sendiass.email, sendiass.website):
        assert value in text


def test_national_handoff_gives_sendiass_finder_ipsea_and_contact(councils: dict[str, Council]) -> None:
    text = human_handoff_text(councils["england"])
    assert "councilfordisabledchildren.org.uk" in text
    assert "https://www.ipsea.org.uk" in text
    assert "0808 808 3555" in text


def test_national_contacts_say_the_home_council_is_responsible(councils: dict[str, Council]) -> None:
    text = local_contacts_text(councils["england"])
    assert "depend on where your child lives" in text
    assert "home address, not the one where the school is" in text
    assert "https://www.gov.uk/find-local-council" in text


@pytest.mark.parametrize("slug", [path.stem for path in SHIPPED])
def test_texts_are_plain_with_bare_https_links(councils: dict[str, Council], slug: str) -> None:
    text = all_texts(councils[slug])
    assert not re.search(r"<[a-z/]|\*\*|\]\(|&[a-z]+;", text), "no HTML or markdown"
    for url in re.findall(r"\S*://\S*", text):
        assert url.startswith("https://"), url
        assert not url.endswith((".", ",", ")", ":", ";")), f"punctuation stuck to {url}"


@pytest.mark.parametrize("slug", [path.stem for path in SHIPPED])
def test_addendum_for_local_topics_only(councils: dict[str, Council], slug: str) -> None:
    council = councils[slug]
    for topic in ADDENDUM_TOPICS:
        text = local_addendum(council, topic)
        assert text and 1 <= len(text.splitlines()) <= 2, topic
    for topic in ("ipsea", "what_is_sen_support", "safeguarding_urgent", "", "SENDIASS"):
        assert local_addendum(council, topic) is None


def test_addendum_uses_the_councils_own_pages(councils: dict[str, Council]) -> None:
    council = councils["exampleshire"]
    assert isinstance(council, LocalCouncil)
    expected = {
        "sendiass": council.sendiass.phone,
        "parent_carer_forum": council.parent_carer_forum.website,
        "complaints": council.complaints_url,
        "ehc_needs_assessment": council.sen_team.ehc_request_url,
        "local_offer": council.local_offer.url,
    }
    for topic, value in expected.items():
        assert value in (local_addendum(council, topic) or ""), topic


def test_optional_fields_can_be_left_out(tmp_path: Path) -> None:
    data = demo_data()
    for optional in ("sen_team.phone", "sen_team.email", "childrens_services.website", "extra_links"):
        _delete(optional)(data)
    council = load_council_file(write_demo(tmp_path, data))
    assert isinstance(council, LocalCouncil)
    assert council.sen_team.phone is None and council.extra_links == ()
    assert "Also useful" not in local_contacts_text(council)
    assert "Report a concern online" not in safeguarding_text(council)


# --- The check command --------------------------------------------------------------------


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "check_councils.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_check_command_passes_on_shipped_files() -> None:
    result = run_check()
    assert result.returncode == 0, result.stderr
    expected = "3 council files valid: england, exampleshire, sampleton (default: england)"
    assert result.stdout.strip() == expected


def test_check_command_lists_problems_without_traceback(tmp_path: Path) -> None:
    data = demo_data()
    _set("sendiass.phone", "999")(data)
    write_demo(tmp_path, data)
    result = run_check(str(tmp_path))
    assert result.returncode == 1
    assert "demo.yml: sendiass.phone: '999' is an emergency or short number" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
