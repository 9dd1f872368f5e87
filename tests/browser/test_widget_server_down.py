"""When the assistant cannot be reached, the parent still gets a way to a person (server_down.mjs)."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.browser.helpers import ok
from tests.support.servers import free_port

pytestmark = [pytest.mark.servers, pytest.mark.browser]

UNREACHABLE = "Sorry, the assistant can't be reached at the moment."


@pytest.fixture(scope="module")
def down(browser) -> Dict[str, Any]:
    return ok(browser("server_down.mjs", str(free_port())))


def test_the_message_gives_the_councils_sendiass_contact(down: Dict[str, Any]) -> None:
    run = down["withContact"]
    assert run["server"].startswith("http://127.0.0.1:")
    for message in (run["opened"][0], run["afterQuestion"][-1]):
        assert message["who"] == "notice" and message["said"] == "Problem: "
        assert message["text"].startswith(UNREACHABLE)
        assert "contact Exampleshire SENDIASS: 01632 960101." in message["text"]
    assert run["afterQuestion"][1] == {"who": "user", "said": "You said: ", "text": "what is sen support"}


def test_without_a_contact_on_the_page_it_names_the_local_sendiass(down: Dict[str, Any]) -> None:
    text = down["withoutContact"]["afterQuestion"][-1]["text"]
    assert text.startswith(UNREACHABLE) and text.endswith("contact your local SENDIASS.")


def test_the_widget_stays_usable(down: Dict[str, Any]) -> None:
    for run in down.values():
        assert run["typingOff"] is True
        assert run["focus"] == "senchat-input"
        assert run["problems"] == []
