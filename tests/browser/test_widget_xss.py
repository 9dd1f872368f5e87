"""Nothing a parent types or an answer contains can run script or add markup (xss.mjs).

The demo page's Content-Security-Policy is removed for these checks, so it is the widget's own
rendering (textContent only, https links only) that is tested, not the page's policy."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from tests.browser.helpers import ok

pytestmark = [pytest.mark.servers, pytest.mark.browser]


@pytest.fixture(scope="module")
def xss(browser) -> Dict[str, Any]:
    return ok(browser("xss.mjs"))


def test_the_page_really_ran_without_its_content_security_policy(xss: Dict[str, Any]) -> None:
    assert xss["cspRemoved"] is True


def test_twenty_attack_strings_typed_by_a_parent_show_as_plain_text(xss: Dict[str, Any]) -> None:
    typed = xss["typed"]
    assert typed["count"] == 20
    assert all(typed["shownAsText"]), typed["shownAsText"]
    assert typed["elements"] == [] and typed["links"] == []


def test_the_restored_transcript_after_a_reload_is_still_plain_text(xss: Dict[str, Any]) -> None:
    assert all(xss["restored"]["shownAsText"]) and xss["restored"]["elements"] == []


def test_the_renderer_shows_html_in_bot_messages_as_text(xss: Dict[str, Any]) -> None:
    first, plan, odd = xss["rendered"]
    assert "Hello <b>bold</b> <img src=x onerror=" in first["text"]
    assert '<script>window.__xss=107</script>' in first["text"]
    assert '<script>window.__xss=112</script>' in plan["text"] and "Dear <img src=x" in plan["text"]
    assert odd["text"] == "Assistant said: ", "fields of the wrong type are ignored, not shown"
    assert xss["renderedElements"] == []
    assert '<a href="javascript:window.__xss=103">a link</a>' in xss["renderedListItems"]
    assert xss["renderedSource"][0].startswith('Source: <iframe src="javascript:')


def test_only_bare_https_addresses_become_links(xss: Dict[str, Any]) -> None:
    assert xss["renderedLinks"] == ["https://example.org/ok", "https://www.gov.uk/x", "https://example.org/a"]
    assert all(link.startswith("https://") for link in xss["reply"]["links"])
    for link in xss["renderedLinkDetails"]:
        assert link["target"] == "_blank" and link["rel"] == "noopener noreferrer"
        assert link["hidden"] == " (opens in new tab)" and link["text"].endswith(" (opens in new tab)")


def test_a_hostile_reply_from_the_server_renders_as_text(xss: Dict[str, Any]) -> None:
    reply = xss["reply"]
    assert reply["elements"] == []
    assert reply["quickReplies"] == ['<img src=x onerror="window.__xss=109">', "ok"]
    assert '<img src=x onerror="window.__xss=101">' in reply["botText"][0]
    assert xss["afterClick"]["lastUser"] == '<img src=x onerror="window.__xss=109">'
    assert xss["afterClick"]["elements"] == []


def test_no_script_ran(xss: Dict[str, Any]) -> None:
    assert xss["problems"] == [], "window.__xss set, a page error, or a CSP violation"
