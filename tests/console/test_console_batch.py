"""Batch test: upload questions with expected topics, against the real trained model."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from tests.console.support import Console, ConsoleClient, hidden_fields, page_text
from tests.support.servers import Servers

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def staff(console: Console) -> ConsoleClient:
    return console.client().signed_in()


def _upload(staff: ConsoleClient, name: str, body: bytes):
    return staff.submit("/batch", "/batch", files={"file": (name, body, "application/octet-stream")})


def _expected_rows(servers: Servers, questions: List[Dict[str, str]]) -> List[Dict[str, str]]:
    """Each question's outcome by the project's definitions, from the model's own /model/parse reading."""
    rows = []
    for question in questions:
        chosen = servers.parse(question["text"])["intent"]["name"]
        outcome = ("fallback" if chosen == "nlu_fallback" else "correct" if chosen == question["topic"] else "wrong")
        rows.append({"text": question["text"], "expected": question["topic"], "chosen": chosen, "outcome": outcome})
    return rows


def _check_run(staff: ConsoleClient, servers: Servers, reply, questions: List[Dict[str, str]]) -> List[Dict[str, str]]:
    assert reply.status_code == 303, page_text(reply.text)[:500]
    result_page = staff.get(reply.headers["Location"])
    assert result_page.status_code == 200
    expected = _expected_rows(servers, questions)
    download = staff.get(reply.headers["Location"] + "/results.csv")
    assert download.headers["Content-Disposition"].startswith("attachment")
    got = list(csv.DictReader(io.StringIO(download.text)))
    assert [{key: row[key] for key in ("text", "expected", "chosen", "outcome")} for row in got] == expected

    total = len(expected)
    count = {kind: sum(row["outcome"] == kind for row in expected) for kind in ("correct", "fallback", "wrong")}
    shown = page_text(result_page.text)
    assert f"Questions {total}" in shown
    assert f"Right topic (accuracy) {count['correct']} ({count['correct'] / total * 100:.1f}%)" in shown
    assert f"Asked the parent to clarify {count['fallback']} ({count['fallback'] / total * 100:.1f}%)" in shown
    assert f"Confidently wrong topic {count['wrong']} ({count['wrong'] / total * 100:.1f}%)" in shown
    return expected


def test_a_csv_batch_gives_each_rows_result_accuracy_and_confusions(staff: ConsoleClient, servers: Servers) -> None:
    path = FIXTURES / "batch_questions.csv"
    questions = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    reply = _upload(staff, path.name, path.read_bytes())
    expected = _check_run(staff, servers, reply, questions)
    outcomes = {row["outcome"] for row in expected}
    assert outcomes == {"correct", "fallback", "wrong"}, (
        f"the fixture should exercise every outcome; the model now gives only {outcomes}: adjust the fixture")
    shown = page_text(staff.get(reply.headers["Location"]).text)
    confusions = shown[shown.index("Most frequent confusions"):shown.index("Every question")]
    for row in expected:
        if row["outcome"] == "wrong":
            assert f"{row['expected']} " in confusions and f"{row['chosen']} " in confusions


def test_a_yaml_batch_works_the_same_way(staff: ConsoleClient, servers: Servers) -> None:
    path = FIXTURES / "batch_questions.yml"
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    _check_run(staff, servers, _upload(staff, path.name, path.read_bytes()), questions)


def test_batch_results_can_be_reopened_and_are_only_for_staff(staff: ConsoleClient, console: Console) -> None:
    reply = _upload(staff, "one.csv", b"text,topic\nWhat is an IPSEA?,ipsea\n")
    location = reply.headers["Location"]
    assert staff.get(location).status_code == 200
    assert console.client().get(location).status_code == 303
    assert console.client().get(location + "/results.csv").status_code == 303
    assert staff.get("/batch/not-a-run").status_code == 404


BAD_UPLOADS = [
    ("questions.csv", b"question,answer\nWhat is SEN?,what_is_sen\n", "The first line must be the header text,topic"),
    ("questions.csv", "text,topic\nCaf\u00e9 au lait for the SENCO?,senco_role\n".encode("latin-1"), "not UTF-8"),
    ("questions.csv", b"text,topic\n" + b"What is SEN support?,what_is_sen_support\n" * 25_000, "the limit is 1 MB"),
    ("questions.csv", b"text,topic\n" + b"x,greet\n" * 2_001, "the limit is 2,000"),
    ("questions.csv", b"", "none was sent, or it is empty"),
    ("questions.csv", b"text,topic\n", "has no questions"),
    ("questions.xlsx", b"PK\x03\x04 not really a spreadsheet", "is not a CSV (.csv) or YAML"),
    ("questions.yml", b"items:\n  - text: [unclosed\n    topic: sendiass\n", "The YAML file could not be read at line"),
    ("questions.yml", b"- text: What is SEN?\n  topic: what_is_sen\n", "must have an items: list"),
    ("questions.yml", b"items:\n  - text: yes\n    topic: affirm\n", "Item 1 must have a text and a topic"),
    ("questions.csv", b"text,topic\nWhat is SEN?,what_is_sen\n,senco_role\nWho pays?,\n", "Row 3 has no question text"),
    ("questions.csv", b"text,topic\nWhat is SEN?,what_is_sen\nWho pays?,sen_money\nAnd who decides?,sen_money\n",
     "These expected topics are not topics of the assistant: 'sen_money' (rows 3, 4)"),
]


@pytest.mark.parametrize("name, body, message", BAD_UPLOADS, ids=[
    "wrong-columns", "not-utf8", "too-large", "too-many-rows", "empty", "header-only", "not-csv-or-yaml",
    "broken-yaml", "yaml-without-items", "yaml-non-text", "missing-cells", "unknown-topics"])
def test_a_bad_upload_gets_a_clear_message_and_the_form_again(staff: ConsoleClient, name: str, body: bytes,
                                                                message: str) -> None:
    reply = _upload(staff, name, body)
    assert reply.status_code == 400
    shown = page_text(reply.text)
    assert shown.count(message) >= 1 and "There is a problem" in shown
    assert hidden_fields(reply.text, "/batch")["form_token"], "the upload form is shown again, ready to use"


def test_no_file_at_all_gets_a_clear_message(staff: ConsoleClient) -> None:
    reply = staff.submit("/batch", "/batch")
    assert reply.status_code == 400
    assert "Choose a file to upload" in page_text(reply.text)


def test_an_upload_over_the_request_limit_is_refused_politely(staff: ConsoleClient) -> None:
    reply = _upload(staff, "huge.csv", b"text,topic\n" + b"x" * 1_200_000)
    assert reply.status_code == 413
    assert "limited to 1 MB" in page_text(reply.text)
