"""Two Rasa instances behind nginx on PostgreSQL and Redis: what a council running it at scale needs.

One topology (tests/support/topology.py) serves the whole module: starting two Rasa instances
takes about a minute. The test that kills an instance comes just before the one that restarts
everything; a test that needs both instances starts any dead one again first (`all_running`),
so each test also passes on its own.
"""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from actions.council_context import REGISTRY
from actions.meeting_prep.options import SLOTS
from tests.support.databases import temporary_postgres_database
from tests.support.servers import new_parent, replies_text
from tests.support.topology import COUNCIL_SITE, Reply, Topology, redis_client, request

pytestmark = [pytest.mark.servers, pytest.mark.scaleout]

EXAMPLESHIRE = REGISTRY.get("exampleshire")
FORM_START = "help me get ready for a meeting with the school"
# One free-text answer per question, in the form's order (SLOTS).
FORM_ANSWERS = ["we don't agree with school about his support", "hes in year 8", "autism and anxiety",
                "he gets sen support", "not sure", "no hes going backwards if anything"]
QUESTIONS = [
    "what is sen support", "who is the senco", "what is an ehc plan", "how do i ask for an ehc needs assessment",
    "what is the graduated approach", "what is ipsea", "what is the local offer",
    "what does sendiass do", "what is the sen information report", "what is an annual review",
]


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    with temporary_postgres_database("sen_scaleout") as database_url:
        running = Topology(workdir=Path(tmp_path_factory.mktemp("scaleout")), database_url=database_url)
        try:
            yield running.start()
        finally:
            running.stop()
            running.clear_locks()


@pytest.fixture
def all_running(topology: Topology) -> Topology:
    topology.ensure_all_running()
    return topology


def addresses(topology: Topology) -> List[str]:
    return [f"127.0.0.1:{instance.port}" for instance in topology.rasa]


def user_texts(tracker: Dict[str, Any]) -> List[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def user_turns(events: List[Dict[str, Any]]) -> List[Tuple[str, List[Dict[str, Any]]]]:
    """Each user message with the events that follow it, up to the next user message."""
    turns: List[Tuple[str, List[Dict[str, Any]]]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event["text"], []))
        elif turns:
            turns[-1][1].append(event)
    return turns


def answer_form(topology: Topology, parent: str, answers: List[str]) -> List[Dict[str, Any]]:
    """Answer the form's questions in order; each reply must ask the next one (so the last answer was kept)."""
    replies: List[Dict[str, Any]] = []
    for answer in answers:
        replies = topology.send(parent, answer)
        answered = FORM_ANSWERS.index(answer)
        if answered + 1 < len(FORM_ANSWERS):
            next_question = list(SLOTS.values())[answered + 1].question
            assert next_question in replies_text(replies), f"after {answer!r}: {replies}"
    return replies


def plan(replies: List[Dict[str, Any]]) -> Dict[str, Any]:
    payloads = [reply["custom"] for reply in replies if isinstance(reply.get("custom"), dict)]
    assert payloads and payloads[0]["type"] == "meeting_plan", f"no meeting plan in {replies}"
    return payloads[0]


def test_a_conversation_spread_over_both_instances_keeps_its_answers(all_running: Topology) -> None:
    topology, parent = all_running, new_parent()
    before = len(topology.webhook_upstreams())
    start = topology.send(parent, FORM_START, metadata={"council": "exampleshire"})
    assert SLOTS["meeting_purpose"].question in replies_text(start)
    replies = answer_form(topology, parent, FORM_ANSWERS)

    assert plan(replies)["sections"]
    assert EXAMPLESHIRE.sendiass.phone in replies_text(replies), "the council from the first turn is remembered"
    served = topology.webhook_upstreams()[before:]
    assert len(served) == 1 + len(FORM_ANSWERS)
    for address in addresses(topology):
        assert served.count(address) >= 3, f"nginx spreads the turns over both instances: {served}"
    assert user_texts(topology.tracker(parent)) == [FORM_START, *FORM_ANSWERS]


def test_messages_sent_at_once_are_answered_one_after_the_other(all_running: Topology) -> None:
    topology, parent = all_running, new_parent()
    before = len(topology.webhook_upstreams())
    seen_locks: List[bytes] = []
    sending = threading.Event()

    def watch_redis() -> None:
        client = redis_client()
        while sending.is_set():
            seen_locks.extend(client.keys(f"{topology.redis_key_prefix}:lock:{parent}"))
            time.sleep(0.01)

    sending.set()
    watcher = threading.Thread(target=watch_redis)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=len(QUESTIONS)) as pool:
            replies = list(pool.map(lambda text: topology.send(parent, text), QUESTIONS))
    finally:
        sending.clear()
        watcher.join()

    assert all(replies_text(reply) for reply in replies), "every message got an answer"
    events = topology.tracker(parent)["events"]
    assert [event["event"] for event in events].count("session_started") == 1, \
        "the conversation started once, not once per instance that took a first message"
    turns = user_turns(events)
    assert {text for text, _ in turns} == set(QUESTIONS), "every message is stored"
    for text, after in turns:
        ran = [event.get("name") for event in after if event["event"] == "action"]
        assert ran and ran[-1] == "action_listen" and set(ran) != {"action_listen"}, \
            f"{text!r} was handled to the end before the next message was read: {turns}"
    answered = {text: after for text, after in turns}  # the last reading of each message
    assert all(any(event["event"] == "bot" for event in after) for after in answered.values()), turns
    assert seen_locks, "the lock was held in Redis, shared by both instances"
    assert not redis_client().keys(f"{topology.redis_key_prefix}:lock:{parent}"), "and given back afterwards"
    assert set(topology.webhook_upstreams()[before:]) == set(addresses(topology))


def test_killing_an_instance_mid_conversation_loses_no_turn(all_running: Topology) -> None:
    topology, parent = all_running, new_parent()
    topology.send(parent, FORM_START, metadata={"council": "exampleshire"})
    answer_form(topology, parent, FORM_ANSWERS[:2])
    before = len(topology.webhook_upstreams())

    topology.rasa[0].kill()
    replies = answer_form(topology, parent, FORM_ANSWERS[2:])

    assert plan(replies)["sections"]
    assert EXAMPLESHIRE.sendiass.phone in replies_text(replies)
    assert user_texts(topology.tracker(parent)) == [FORM_START, *FORM_ANSWERS], "every turn, in order"
    served_after = topology.webhook_upstreams()[before:]
    assert set(served_after) == {addresses(topology)[1]}, f"the survivor answered everything: {served_after}"


def test_after_restarting_everything_the_conversation_goes_on(topology: Topology) -> None:
    parent = new_parent()
    topology.send(parent, FORM_START, metadata={"council": "exampleshire"})
    answer_form(topology, parent, FORM_ANSWERS[:3])

    topology.restart()
    replies = answer_form(topology, parent, FORM_ANSWERS[3:])

    assert plan(replies)["sections"]
    assert EXAMPLESHIRE.sendiass.phone in replies_text(replies)
    assert user_texts(topology.tracker(parent)) == [FORM_START, *FORM_ANSWERS]


@pytest.mark.parametrize("method, path", [
    ("GET", "/conversations/someone/tracker"), ("POST", "/conversations/someone/messages"),
    ("POST", "/model/parse"), ("GET", "/status"), ("GET", "/version"), ("PUT", "/model"),
    ("GET", "/webhooks/rest/"),
])
def test_rasas_http_api_is_not_public(topology: Topology, method: str, path: str) -> None:
    reply = request(f"{topology.public_url}{path}", method, body=b"{}")
    assert reply.status == 404
    assert "message" in reply.json()


def test_the_public_side_serves_the_widget_and_lets_a_parent_erase_a_conversation(topology: Topology) -> None:
    assert request(f"{topology.public_url}/webchat/widget.js").status == 200
    assert request(f"{topology.public_url}/").status == 200
    assert request(f"{topology.public_url}/conversations/someone").status == 403, "only DELETE, never reading"

    parent = new_parent()
    topology.send(parent, "what is sen support")
    erased = request(f"{topology.public_url}/conversations/{parent}", "DELETE", headers={"Origin": COUNCIL_SITE})
    assert erased.status == 204, erased.body
    assert user_texts(topology.tracker(parent)) == []


def test_rasas_http_api_needs_the_token(topology: Topology) -> None:
    instance = topology.rasa[-1].url
    assert request(f"{instance}/conversations/someone/tracker").status == 401
    assert request(f"{instance}/conversations/someone/tracker?token=guess").status == 401
    assert request(f"{instance}/model/parse", "POST", body=b'{"text": "hello"}').status == 401
    assert request(f"{instance}/conversations/someone/tracker?token={topology.token}").status == 200


def test_an_oversized_body_gets_413_from_nginx_and_from_rasa(all_running: Topology) -> None:
    body = json.dumps({"sender": new_parent(), "message": "a" * 100_000}).encode()
    headers = {"Content-Type": "application/json"}
    through_nginx = request(f"{all_running.public_url}/webhooks/rest/webhook", "POST", body, headers)
    assert through_nginx.status == 413
    assert "too long" in through_nginx.json()["message"]
    direct = request(f"{all_running.rasa[0].url}/webhooks/rest/webhook", "POST", body, headers)
    assert direct.status == 413
    assert all_running.rasa[0].is_running(), "and Rasa goes on serving"
    assert replies_text(all_running.send(new_parent(), "what is sen support"))


def test_a_burst_from_one_address_gets_429_and_then_it_can_go_on(topology: Topology) -> None:
    url = f"{topology.public_url}/webhooks/rest/webhook"
    too_many = topology.burst + 20

    def send_from(address: str) -> Reply:  # a body Rasa refuses with 400: cheap, so only nginx's limit counts
        return request(url, "POST", b"{}", {"Content-Type": "application/json"}, source_address=address)

    with ThreadPoolExecutor(max_workers=too_many) as pool:
        replies = list(pool.map(lambda _: send_from("127.0.0.2"), range(too_many)))
    statuses = [reply.status for reply in replies]
    assert statuses.count(429) >= too_many - topology.burst - 5, statuses
    assert 400 in statuses
    limited = next(reply for reply in replies if reply.status == 429)
    assert "wait a few seconds" in limited.json()["message"]
    assert send_from("127.0.0.3").status == 400, "other addresses never noticed"
    time.sleep(2)
    assert send_from("127.0.0.2").status == 400, "after a pause the same address is served again"


def test_the_action_server_listens_on_loopback_only(topology: Topology) -> None:
    assert topology.actions is not None
    port = f"{topology.actions.actions_port:04X}"
    listening = [line.split()[1] for table in ("/proc/net/tcp", "/proc/net/tcp6")
                 for line in Path(table).read_text().splitlines()[1:]
                 if line.split()[1].endswith(f":{port}") and line.split()[3] == "0A"]
    assert listening == ["0100007F:" + port], f"bound to {listening}, not only 127.0.0.1"


def test_only_the_council_sites_may_call_the_webhook_from_a_browser(topology: Topology) -> None:
    def preflight(origin: str) -> Dict[str, str]:
        return request(f"{topology.public_url}/webhooks/rest/webhook", "OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"}).headers

    assert preflight(COUNCIL_SITE).get("access-control-allow-origin") == COUNCIL_SITE
    assert "access-control-allow-origin" not in preflight("https://evil.example")
