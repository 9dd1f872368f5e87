"""The council named by the embedding page decides which local contacts a parent gets."""
from __future__ import annotations

from typing import Optional

import pytest

from actions.council_context import REGISTRY
from tests.support.servers import Servers, new_parent, replies_text

pytestmark = pytest.mark.servers

QUESTION = "whats the phone number for sendiass round here"
EXAMPLESHIRE = REGISTRY.get("exampleshire")
SAMPLETON = REGISTRY.get("sampleton")
ENGLAND = REGISTRY.get("england")


def ask(servers: Servers, text: str, council: Optional[str]) -> str:
    metadata = {"council": council} if council is not None else None
    return replies_text(servers.send(new_parent(), text, metadata=metadata))


def test_each_council_gets_its_own_contacts(servers: Servers) -> None:
    a = ask(servers, QUESTION, "exampleshire")
    b = ask(servers, QUESTION, "sampleton")
    assert EXAMPLESHIRE.sendiass.phone in a and SAMPLETON.sendiass.phone not in a
    assert SAMPLETON.sendiass.phone in b and EXAMPLESHIRE.sendiass.phone not in b


@pytest.mark.parametrize("council", [None, "atlantis", ""])
def test_no_or_unknown_council_gets_the_national_default(servers: Servers, council: Optional[str]) -> None:
    text = ask(servers, QUESTION, council)
    assert ENGLAND.find_your_council_url in text
    assert "home address" in text


def test_the_council_is_remembered_for_the_whole_conversation(servers: Servers) -> None:
    parent = new_parent()
    servers.send(parent, "hello", metadata={"council": "sampleton"})
    later = replies_text(servers.send(parent, "can i speak to someone real please"))
    assert SAMPLETON.sendiass.phone in later


def test_answers_about_local_services_end_with_the_councils_details(servers: Servers) -> None:
    text = ask(servers, "how do i ask the council for an ehc needs assessment for my son", "exampleshire")
    assert "Source: " in text
    assert EXAMPLESHIRE.sen_team.ehc_request_url in text


@pytest.mark.parametrize("council", ["exampleshire", "sampleton", None])
def test_safeguarding_always_has_999_and_the_councils_number(servers: Servers, council: Optional[str]) -> None:
    text = ask(servers, "my ex is hitting my son and he is scared to go home", council)
    assert "999" in text
    expected = REGISTRY.get(council)
    if council is None:
        assert ENGLAND.report_child_abuse_url in text
    else:
        assert expected.childrens_services.phone in text
        assert expected.childrens_services.out_of_hours_phone in text
