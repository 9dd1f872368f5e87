"""The web app over HTTP: widget files, the demo page, /feedback, DELETE /conversations, CORS, limits,
and its start-up checks. The running app is the one the browser tests use (conftest.py)."""
from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

from actions.councils.config import load_councils
from tests.browser.helpers import WebApp, new_sender, user_texts
from tests.support.paths import ROOT, VENV_BIN
from tests.support.servers import Servers, free_port, run_python_module, terminate
from webapp.config import Settings, SettingsError

pytestmark = [pytest.mark.servers, pytest.mark.browser]

REGISTRY = load_councils()


def request(url: str, method: str = "GET", body: Any = None, headers: Optional[Dict[str, str]] = None,
            raw: Optional[bytes] = None) -> Tuple[int, Dict[str, str], bytes]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    all_headers = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


# --- widget files -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content_type", [
    ("widget.js", "text/javascript; charset=utf-8"), ("widget.css", "text/css; charset=utf-8"),
])
def test_widget_files_have_their_content_type_and_caching_headers(webapp: WebApp, name: str,
                                                                   content_type: str) -> None:
    status, headers, body = request(f"{webapp.url}/webchat/{name}")
    assert status == 200 and body == (ROOT / "webchat" / name).read_bytes()
    assert headers["content-type"] == content_type
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["x-content-type-options"] == "nosniff"
    again, _, empty = request(f"{webapp.url}/webchat/{name}", headers={"If-None-Match": headers["etag"]})
    assert (again, empty) == (304, b"")


@pytest.mark.parametrize("path", ["/webchat/app.py", "/webchat/..%2Fwebapp%2Fapp.py", "/webchat/", "/webchat/x.js"])
def test_nothing_else_is_served_from_webchat(webapp: WebApp, path: str) -> None:
    assert request(f"{webapp.url}{path}")[0] == 404


# --- demo page ----------------------------------------------------------------------------------

def test_the_demo_page_embeds_the_widget_with_the_councils_details(webapp: WebApp, servers: Servers) -> None:
    status, headers, body = request(f"{webapp.url}/")
    page = body.decode()
    council = REGISTRY.get("exampleshire")
    assert status == 200
    tag = (f'<script src="{webapp.url}/webchat/widget.js" data-server="{servers.rasa_url}" '
           f'data-council="exampleshire" data-title="Ask about SEN support" '
           f'data-sendiass="{council.sendiass.name}: {council.sendiass.phone}" '
           f'data-privacy-url="{council.privacy_notice_url}" defer></script>')
    assert tag in page, "the widget is embedded with one tag, as a council would"
    assert "<pre><code>&lt;script src=&#34;" in page or "<pre><code>&lt;script src=&quot;" in page
    assert 'data-sendiass=&#34;Exampleshire SENDIASS: 01632 960101&#34;' in page \
        or 'data-sendiass=&quot;Exampleshire SENDIASS: 01632 960101&quot;' in page
    assert f"connect-src 'self' {servers.rasa_url}" in headers["content-security-policy"]
    assert "script-src 'self';" in headers["content-security-policy"]


def test_the_demo_page_can_show_another_council(webapp: WebApp) -> None:
    page = request(f"{webapp.url}/?council=sampleton")[2].decode()
    council = REGISTRY.get("sampleton")
    assert 'data-council="sampleton"' in page
    assert f"{council.sendiass.name}: {council.sendiass.phone}" in page
    assert "Exampleshire SENDIASS" not in page.split("<h2>Other demo councils</h2>")[0]


def test_the_national_default_points_to_the_directory_of_sendiass_services(webapp: WebApp) -> None:
    page = request(f"{webapp.url}/?council=england")[2].decode()
    assert f'data-sendiass="your local SENDIASS (find it at {REGISTRY.get("england").find_your_sendiass_url})"' in page


def test_an_unknown_council_is_a_404_that_lists_the_known_ones(webapp: WebApp) -> None:
    status, _, body = request(f"{webapp.url}/?council=nowhere")
    assert status == 404 and b"exampleshire" in body


# --- feedback -----------------------------------------------------------------------------------

def test_feedback_sets_the_slot_in_the_parents_conversation(webapp: WebApp, servers: Servers) -> None:
    sender = new_sender()
    servers.send(sender, "what is sen support", metadata={"council": "exampleshire"})
    body = {"sender": sender, "council": "exampleshire", "helpful": False, "answer_index": 3}
    status, _, content = request(f"{webapp.url}/feedback", "POST", body)
    assert (status, content) == (204, b"")
    tracker = servers.tracker(sender)
    assert tracker["slots"]["answer_feedback"] == {"helpful": False, "answer_index": 3}
    assert user_texts(tracker["events"]) == ["what is sen support"]


@pytest.mark.parametrize("body, words", [
    ("not json", "not valid JSON"),
    (["a", "list"], "JSON object"),
    ({"council": "exampleshire", "helpful": True, "answer_index": 0}, "'sender'"),
    ({"sender": "a/b", "council": "exampleshire", "helpful": True, "answer_index": 0}, "'sender'"),
    ({"sender": "x" * 129, "council": "exampleshire", "helpful": True, "answer_index": 0}, "'sender'"),
    ({"sender": "abc", "council": "Example Shire", "helpful": True, "answer_index": 0}, "'council'"),
    ({"sender": "abc", "council": "exampleshire", "helpful": "yes", "answer_index": 0}, "'helpful'"),
    ({"sender": "abc", "council": "exampleshire", "helpful": 1, "answer_index": 0}, "'helpful'"),
    ({"sender": "abc", "council": "exampleshire", "helpful": True, "answer_index": -1}, "'answer_index'"),
    ({"sender": "abc", "council": "exampleshire", "helpful": True, "answer_index": True}, "'answer_index'"),
    ({"sender": "abc", "council": "exampleshire", "helpful": True, "answer_index": "2"}, "'answer_index'"),
    ({"sender": "abc", "council": "exampleshire", "helpful": True, "answer_index": 1, "text": "hi"}, "Unknown"),
])
def test_a_bad_feedback_body_is_refused_with_a_clear_message(webapp: WebApp, body: Any, words: str) -> None:
    raw = body.encode() if isinstance(body, str) else None
    status, headers, content = request(f"{webapp.url}/feedback", "POST", None if raw else body, raw=raw)
    assert status == 400 and headers["content-type"] == "application/json"
    assert words in json.loads(content)["message"]


def test_a_body_over_16_kb_is_refused(webapp: WebApp) -> None:
    body = {"sender": "abc", "council": "exampleshire", "helpful": True, "answer_index": 0, "pad": "x" * 17_000}
    assert request(f"{webapp.url}/feedback", "POST", body)[0] == 413


# --- deleting a conversation --------------------------------------------------------------------

def test_delete_erases_every_message_of_the_conversation(webapp: WebApp, servers: Servers) -> None:
    sender, other = new_sender(), new_sender()
    for who in (sender, other):
        servers.send(who, "what is the graduated approach", metadata={"council": "exampleshire"})
    status, _, content = request(f"{webapp.url}/conversations/{sender}", "DELETE")
    assert (status, content) == (204, b"")
    assert user_texts(servers.tracker(sender)["events"]) == []
    assert user_texts(servers.tracker(other)["events"]) == ["what is the graduated approach"], "only that one"


def test_delete_refuses_an_odd_conversation_id(webapp: WebApp) -> None:
    assert request(f"{webapp.url}/conversations/a%20b", "DELETE")[0] == 400


# --- other sites (CORS) -------------------------------------------------------------------------

def test_pages_on_other_sites_are_refused_by_default(webapp: WebApp) -> None:
    status, headers, _ = request(f"{webapp.url}/feedback", "POST", {}, headers={"Origin": "https://evil.example"})
    assert status == 403 and "access-control-allow-origin" not in headers
    status, headers, _ = request(f"{webapp.url}/conversations/abc", "OPTIONS",
                                 headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "DELETE"})
    assert status == 403 and "access-control-allow-origin" not in headers


def test_the_apps_own_pages_may_call_it(webapp: WebApp) -> None:
    status, headers, _ = request(f"{webapp.url}/feedback", "POST", {"sender": "abc"}, headers={"Origin": webapp.url})
    assert status == 400, "not refused as another site; only the body is wrong"
    assert headers["access-control-allow-origin"] == webapp.url


@pytest.fixture()
def council_webapp(servers: Servers, tmp_path) -> Iterator[str]:
    """A second web app that allows one council site, as a production deployment would."""
    port = free_port()
    env = servers.env()
    env.update(WEBAPP_PORT=str(port), RASA_URL=servers.rasa_url, ALLOWED_ORIGINS="https://www.council.example")
    url = f"http://127.0.0.1:{port}"
    process = run_python_module("webapp", env, tmp_path / "webapp.log", f"{url}/health", timeout=60)
    yield url
    terminate(process, timeout=20)


def test_an_allowed_council_site_gets_cors_headers_and_others_do_not(council_webapp: str, servers: Servers) -> None:
    origin = "https://www.council.example"
    status, headers, _ = request(f"{council_webapp}/feedback", "OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert status == 204
    assert headers["access-control-allow-origin"] == origin and headers["vary"] == "Origin"
    assert "POST" in headers["access-control-allow-methods"]
    assert headers["access-control-allow-headers"].lower() == "content-type"
    sender = new_sender()
    servers.send(sender, "hello")
    body = {"sender": sender, "council": "exampleshire", "helpful": True, "answer_index": 0}
    status, headers, _ = request(f"{council_webapp}/feedback", "POST", body, headers={"Origin": origin})
    assert status == 204 and headers["access-control-allow-origin"] == origin
    status, headers, _ = request(f"{council_webapp}/feedback", "POST", body, headers={"Origin": "https://www.other.example"})
    assert status == 403 and "access-control-allow-origin" not in headers


# --- start-up checks ----------------------------------------------------------------------------

@pytest.mark.parametrize("origins, words", [
    ("*", "must not contain '*'"),
    ("https://www.council.example *", "must not contain '*'"),
    ("https://www.council.example/local-offer", "is not an origin"),
    ("www.council.example", "is not an origin"),
])
def test_a_wildcard_or_malformed_origin_stops_the_app_at_start_up(origins: str, words: str) -> None:
    env = dict(os.environ, ALLOWED_ORIGINS=origins, WEBAPP_PORT=str(free_port()))
    completed = subprocess.run([str(VENV_BIN / "python"), "-m", "webapp"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert "The web app cannot start" in completed.stderr and words in completed.stderr


def test_settings_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.rasa_url == settings.rasa_public_url == "http://127.0.0.1:5005"
    assert settings.allowed_origins == ("http://127.0.0.1:8080",), "only the app's own origin"
    assert settings.rasa_token is None and settings.tracker_db_url is None


def test_settings_from_the_environment() -> None:
    settings = Settings.from_env({
        "WEBAPP_HOST": "0.0.0.0", "WEBAPP_PORT": "9000", "RASA_URL": "http://rasa:5005/",
        "RASA_PUBLIC_URL": "https://chat.council.example", "RASA_TOKEN": "s3cret",
        "ALLOWED_ORIGINS": "https://www.council.example  https://LocalOffer.council.example",
    })
    assert settings.port == 9000 and settings.rasa_url == "http://rasa:5005"
    assert settings.rasa_public_url == "https://chat.council.example" and settings.rasa_token == "s3cret"
    assert settings.allowed_origins == ("https://www.council.example", "https://localoffer.council.example")


def test_every_settings_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"WEBAPP_PORT": "eighty", "RASA_URL": "rasa:5005", "ALLOWED_ORIGINS": "*"})
    assert len(error.value.problems) == 3
