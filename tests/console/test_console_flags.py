"""Flagging answers: recorded with who and when, listed, resolved, exported; kept in SQLite or PostgreSQL."""
from __future__ import annotations

import csv
import io
import os
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import pytest

from tests.console.support import Console, ConsoleClient, hidden_fields, page_text, start_console
from tests.support.databases import temporary_postgres_database
from tests.support.paths import ROOT, VENV_BIN
from tests.support.servers import Servers



def _flag(staff: ConsoleClient, topic: str, reason: str, note: str):
    """Flag `topic`'s answer from the Answers page, as staff do."""
    page = staff.get("/answers").text
    fields = hidden_fields(page[page.index(f'id="topic-{topic}"'):], "/flags")
    assert fields["topic"] == topic
    return staff.post("/flags", data={**fields, "reason": reason, "note": note})


def _open_flags(staff: ConsoleClient) -> str:
    shown = page_text(staff.get("/flags").text)
    return shown[shown.index("Open flags"):shown.index("Resolved flags") if "Resolved flags" in shown else None]


def _today() -> str:
    now = datetime.now(ZoneInfo("Europe/London"))
    return f"{now.day} {now:%b %Y}"


def test_a_flag_records_the_answer_the_problem_who_and_when(console: Console) -> None:
    staff = console.client().signed_in("alice")
    reply = _flag(staff, "ehcp_annual_review", "out_of_date", "The review timescale changed in the 2025 guidance.")
    assert reply.status_code == 303 and reply.headers["Location"].startswith("/flags?added=")
    listed = _open_flags(staff)
    assert "EHC plan annual review utter_ehcp_annual_review Out of date" in listed
    assert "The review timescale changed in the 2025 guidance. alice " + _today() in listed


def test_a_flag_can_be_resolved_once(console: Console) -> None:
    alice, bob = console.client().signed_in("alice"), console.client().signed_in("bob")
    reply = _flag(alice, "ipsea", "unclear", "Say what IPSEA stands for.")
    flag_id = reply.headers["Location"].rsplit("=", 1)[1]
    resolved = bob.submit("/flags", f"/flags/{flag_id}/resolve")
    assert resolved.status_code == 303
    shown = page_text(bob.get("/flags").text)
    assert "Say what IPSEA stands for." not in _open_flags(bob)
    assert f"Say what IPSEA stands for. alice {_today()}" in shown[shown.index("Resolved flags"):]
    assert f"bob {_today()}" in shown[shown.index("Resolved flags"):]
    fields = hidden_fields(bob.get("/flags").text, "/sign-out")
    again = bob.post(f"/flags/{flag_id}/resolve", data=fields)
    assert again.status_code == 404 and "no open flag with this number" in page_text(again.text)
    huge = bob.post("/flags/99999999999999999999999/resolve", data=hidden_fields(bob.get("/flags").text, "/sign-out"))
    assert huge.status_code == 404


def test_a_flag_without_a_note_or_problem_is_explained(console: Console) -> None:
    staff = console.client().signed_in()
    reply = _flag(staff, "funding", "", " ")
    assert reply.status_code == 400
    shown = page_text(reply.text)
    assert "There is a problem Choose what is wrong with the answer" in shown
    assert "Write a note saying what should change" in shown
    assert '<option value="funding" selected>' in reply.text, "the form is shown again for this answer"
    assert hidden_fields(reply.text, "/flags")["answer"] == "utter_funding"


def test_flags_export_as_a_spreadsheet_safe_csv(console: Console) -> None:
    staff = console.client().signed_in("carol")
    _flag(staff, "cycle_review", "wrong", "=HYPERLINK(\"http://example.org\") is not what the Code says")
    download = staff.get("/flags.csv")
    assert download.headers["Content-Disposition"] == 'attachment; filename="flagged-answers.csv"'
    rows = list(csv.DictReader(io.StringIO(download.text)))
    row = next(r for r in rows if r["topic"] == "cycle_review")
    assert row["note"].startswith("'=HYPERLINK"), "a formula must not run when the file is opened in Excel"
    assert row["reason"] == "Wrong" and row["flagged_by"] == "carol" and row["answer"] == "utter_cycle_review"
    assert row["flagged_at"].startswith(datetime.now(ZoneInfo("Europe/London")).strftime("%Y-%m-%d"))


def test_flags_and_sign_ins_survive_a_console_restart(console: Console) -> None:
    staff = console.client().signed_in("alice")
    _flag(staff, "school_choice", "wrong", "Restart test: the naming rules changed.")
    console.stop()
    console.start()
    assert "Restart test: the naming rules changed." in _open_flags(staff), "still signed in, flag still there"


@pytest.fixture(scope="module")
def postgres_console(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """A console whose own database is a fresh PostgreSQL database, dropped afterwards."""
    with temporary_postgres_database("sen_console_test") as url:
        running = start_console(servers, Path(tmp_path_factory.mktemp("pg-console")), CONSOLE_DB_URL=url)
        try:
            yield running
        finally:
            running.stop()


def test_flags_work_on_postgresql(postgres_console: Console) -> None:
    alice, bob = postgres_console.client().signed_in("alice"), postgres_console.client().signed_in("bob")
    reply = _flag(alice, "sendiass", "wrong", "PostgreSQL test: the helpline number changed.")
    flag_id = reply.headers["Location"].rsplit("=", 1)[1]
    assert "PostgreSQL test: the helpline number changed. alice" in _open_flags(bob)
    assert bob.submit("/flags", f"/flags/{flag_id}/resolve").status_code == 303
    shown = page_text(bob.get("/flags").text)
    assert f"PostgreSQL test: the helpline number changed. alice {_today()}" in shown[shown.index("Resolved flags"):]
    assert "PostgreSQL test" in bob.get("/flags.csv").text


def test_the_console_does_not_start_when_its_database_cannot_be_opened(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CONSOLE_")}
    env.update(CONSOLE_SECRET_KEY="k" * 40, CONSOLE_PASSWORD_HASH="scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$"
               "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", TRACKER_DB_URL=f"sqlite:///{tmp_path / 'rasa.db'}",
               CONSOLE_DB_URL=f"sqlite:///{tmp_path / 'no-such-folder' / 'console.db'}")
    result = subprocess.run([str(VENV_BIN / "python"), "-m", "console"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "its database sqlite:///" in result.stderr and "check that the folder exists" in result.stderr
