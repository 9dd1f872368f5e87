"""Only signed-in staff can use the console, and every form post is checked.

Against a real console process beside the session's real Rasa server.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.console.support import PASSWORD, STAFF, Console, ConsoleClient, hidden_fields, page_text
from tests.support.paths import ROOT, VENV_BIN

PAGES = ["/", "/try", "/answers", "/answers?q=senco", "/batch", "/batch/abc", "/batch/abc/results.csv",
         "/flags", "/flags.csv", "/unanswered", "/feedback"]
FORMS = ["/try", "/batch", "/flags", "/flags/1/resolve", "/unanswered/export", "/sign-out"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_stranger_to_sign_in(console: Console, path: str) -> None:
    reply = console.client().get(path)
    assert reply.status_code == 303
    assert reply.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("path", FORMS)
def test_forms_refuse_a_stranger(console: Console, path: str) -> None:
    reply = console.client().post(path, data={"question": "What is SEN support?", "topic": "sendiass"})
    assert reply.status_code == 401
    assert "Sign in and try again" in page_text(reply.text)


def test_a_forged_session_cookie_is_refused(console: Console) -> None:
    client = console.client()
    client.http.cookies.set("console_session", "alice.forged.signature")
    assert client.get("/").status_code == 303


def test_sign_in_health_and_stylesheet_are_open(console: Console) -> None:
    client = console.client()
    assert client.get("/sign-in").status_code == 200
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/static/console.css").status_code == 200


def test_staff_sign_in_and_are_sent_back_where_they_were_going(console: Console) -> None:
    client = console.client()
    first = client.get("/feedback")
    page = client.get(first.headers["Location"])
    fields = hidden_fields(page.text, "/sign-in")
    assert fields["next"] == "/feedback"
    reply = client.post("/sign-in", data={**fields, "username": STAFF[1], "password": PASSWORD})
    assert reply.status_code == 303 and reply.headers["Location"] == "/feedback"
    cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie
    home = client.get("/")
    assert home.status_code == 200 and f"Signed in as {STAFF[1]}" in page_text(home.text)


def test_sign_in_never_sends_staff_to_another_site(console: Console) -> None:
    client = console.client()
    page = client.get("/sign-in?next=//evil.example/steal")
    assert hidden_fields(page.text, "/sign-in")["next"] == "/"


def test_a_wrong_password_is_refused(console: Console) -> None:
    client = console.client()
    reply = client.sign_in(STAFF[2], "not the password")
    assert reply.status_code == 401
    assert "The username or password is not right" in page_text(reply.text)
    assert "console_session" not in client.http.cookies
    assert client.get("/").status_code == 303


def test_an_unknown_username_is_refused_the_same_way(console: Console) -> None:
    reply = console.client().sign_in("mallory", PASSWORD)
    assert reply.status_code == 401
    assert "The username or password is not right" in page_text(reply.text)


def test_five_failures_lock_the_account_even_for_the_right_password(console: Console) -> None:
    client = console.client()
    for _ in range(4):
        assert client.sign_in("bob", "guess").status_code == 401
    fifth = client.sign_in("bob", "guess")
    assert fifth.status_code == 429
    assert "locked for 15 minutes" in page_text(fifth.text)
    right = console.client().sign_in("bob", PASSWORD)
    assert right.status_code == 429, "a locked account must stay locked even with the right password"
    assert "too many failed sign-ins" in page_text(right.text)
    assert console.client().sign_in("alice", PASSWORD).status_code == 303, "other accounts are not locked"


def test_a_form_without_its_csrf_token_is_refused(console: Console) -> None:
    client = console.client().signed_in()
    fields = hidden_fields(client.get("/try").text, "/try")
    del fields["csrf_token"]
    reply = client.post("/try", data={**fields, "question": "What is SEN?", "council": "england"})
    assert reply.status_code == 403
    assert "security token is missing or wrong" in page_text(reply.text)


def test_a_form_with_another_sessions_csrf_token_is_refused(console: Console) -> None:
    mine, theirs = console.client().signed_in(), console.client().signed_in(STAFF[2])
    their_fields = hidden_fields(theirs.get("/try").text, "/try")
    reply = mine.post("/try", data={**their_fields, "question": "What is SEN?", "council": "england"})
    assert reply.status_code == 403


def test_a_form_without_its_form_token_is_refused(console: Console) -> None:
    client = console.client().signed_in()
    fields = hidden_fields(client.get("/try").text, "/try")
    reply = client.post("/try", data={"csrf_token": fields["csrf_token"], "question": "What is SEN?", "council": "england"})
    assert reply.status_code == 403


def test_a_replayed_form_post_is_refused(console: Console) -> None:
    client = console.client().signed_in()
    flag = {**hidden_fields(client.get("/answers").text, "/flags"),
            "reason": "unclear", "note": "Replay test: please ignore."}
    assert client.post("/flags", data=flag).status_code == 303
    again = client.post("/flags", data=flag)
    assert again.status_code == 403
    assert "already sent once" in page_text(again.text)
    assert page_text(client.get("/flags").text).count("Replay test: please ignore.") == 1


def test_a_replayed_sign_in_is_refused(console: Console) -> None:
    client = console.client()
    fields = {**hidden_fields(client.get("/sign-in").text, "/sign-in"), "username": "carol", "password": PASSWORD}
    assert client.post("/sign-in", data=fields).status_code == 303
    assert client.post("/sign-in", data=fields).status_code == 403


def test_signing_out_ends_the_session_even_for_a_copied_cookie(console: Console) -> None:
    client = console.client().signed_in()
    copied = client.http.cookies.get("console_session")
    reply = client.submit("/", "/sign-out")
    assert reply.status_code == 303 and reply.headers["Location"].startswith("/sign-in")
    thief = ConsoleClient(console.url)
    thief.http.cookies.set("console_session", copied)
    assert thief.get("/").status_code == 303


def _start_without(env_changes: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONSOLE_")}
    env.update(TRACKER_DB_URL=f"sqlite:///{tmp_path / 'rasa.db'}", CONSOLE_DB_URL=f"sqlite:///{tmp_path / 'c.db'}")
    env.update(env_changes)
    return subprocess.run([str(VENV_BIN / "python"), "-m", "console"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_console_does_not_start_without_a_secret_or_accounts(tmp_path: Path) -> None:
    result = _start_without({}, tmp_path)
    assert result.returncode != 0
    assert "The staff console cannot start" in result.stderr
    assert "CONSOLE_SECRET_KEY is not set" in result.stderr
    assert "No staff accounts" in result.stderr
    assert "python -m console.hash_password" in result.stderr


def test_the_console_does_not_start_with_a_short_secret_or_a_bad_hash(tmp_path: Path) -> None:
    result = _start_without({"CONSOLE_SECRET_KEY": "short", "CONSOLE_PASSWORD_HASH": "password123"}, tmp_path)
    assert result.returncode != 0
    assert "CONSOLE_SECRET_KEY is only 5 characters long" in result.stderr
    assert "CONSOLE_PASSWORD_HASH is not a password hash" in result.stderr


def test_a_shared_staff_password_hash_is_enough_to_start(tmp_path: Path) -> None:
    """The single shared account: python -m console.hash_password's output in CONSOLE_PASSWORD_HASH."""
    made = subprocess.run([str(VENV_BIN / "python"), "-m", "console.hash_password"], cwd=ROOT,
                          input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True, timeout=60,
                          start_new_session=True)  # no terminal, so getpass reads the piped input
    assert made.returncode == 0, made.stderr
    shared_hash = made.stdout.strip().splitlines()[-1]
    assert shared_hash.startswith("scrypt$")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONSOLE_")}
    env.update(CONSOLE_SECRET_KEY="k" * 40, CONSOLE_PASSWORD_HASH=shared_hash,
               CONSOLE_DB_URL=f"sqlite:///{tmp_path / 'c.db'}", TRACKER_DB_URL=f"sqlite:///{tmp_path / 'rasa.db'}")
    shared = Console(workdir=tmp_path, env=env).start()
    try:
        assert shared.client().sign_in("staff", PASSWORD).status_code == 303
    finally:
        shared.stop()
