"""The shared lock store on the real Redis: one turn at a time per conversation, across processes.

Rasa's own RedisLockStore reads a lock, changes it and writes it back; run by four processes at
once it handed out the same ticket number to different turns hundreds of times in 800 (measured
while building this). These tests run several processes, as several Rasa instances would.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import queue
import secrets
import time
from typing import Any, Callable, Iterator, List

import pytest

from locking import SharedRedisLockStore
from rasa.utils.endpoints import EndpointConfig
from tests.support.servers import free_port
from tests.support.topology import REDIS_DB, REDIS_HOST, REDIS_PORT, redis_client

PREFIX = f"locktest{secrets.token_hex(4)}"
PROCESSES = 4


def store(port: int = REDIS_PORT, **options: str) -> SharedRedisLockStore:
    """The lock store as endpoints.yml configures it (every value arrives as text)."""
    settings = {"port": str(port), "db": str(REDIS_DB), "password": "", "key_prefix": PREFIX, **options}
    return SharedRedisLockStore(EndpointConfig(url=REDIS_HOST, **settings))


def take_tickets(conversation: str, count: int, results: "multiprocessing.Queue[List[int]]") -> None:
    lock_store = store()
    results.put([lock_store.issue_ticket(conversation) for _ in range(count)])


def hold_lock_in_turns(conversation: str, turns: int, overlaps: "multiprocessing.Queue[int]") -> None:
    """Run `turns` coroutines that each hold the lock briefly, counting who else is inside."""
    lock_store, inside = store(), redis_client()
    counter = f"{PREFIX}:inside:{conversation}"

    async def turn() -> int:
        async with lock_store.lock(conversation, wait_time_in_seconds=0.02):
            overlapping = int(inside.incr(counter)) - 1
            await asyncio.sleep(0.01)
            inside.decr(counter)
            return overlapping

    async def all_turns() -> int:
        return sum(await asyncio.gather(*(turn() for _ in range(turns))))

    overlaps.put(asyncio.run(all_turns()))


def in_processes(target: Callable[..., None], *args: object) -> List[Any]:
    """Run `target(*args, results)` in PROCESSES processes at once; what each put in `results`."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=target, args=(*args, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    try:
        return [results.get(timeout=60) for _ in workers]
    except queue.Empty:
        pytest.fail("a process waited more than a minute for the lock: a ticket was lost")
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():  # stuck waiting for a lock: the test has failed already
                worker.kill()


@pytest.fixture(autouse=True, scope="module")
def clean_redis() -> Iterator[None]:
    yield
    client = redis_client()
    for key in client.scan_iter(match=f"{PREFIX}:*"):
        client.delete(key)


def test_processes_taking_tickets_at_once_never_share_a_number() -> None:
    conversation = secrets.token_hex(8)
    tickets = [number for batch in in_processes(take_tickets, conversation, 100) for number in batch]
    assert len(tickets) == PROCESSES * 100
    assert len(set(tickets)) == len(tickets)


def test_only_one_turn_of_a_conversation_runs_at_a_time_across_processes() -> None:
    overlaps = in_processes(hold_lock_in_turns, secrets.token_hex(8), 8)
    assert overlaps == [0] * PROCESSES


def test_the_lock_expires_with_its_last_ticket_and_goes_when_given_back() -> None:
    lock_store, client, conversation = store(), redis_client(), secrets.token_hex(8)
    key = f"{PREFIX}:lock:{conversation}"
    ticket = lock_store.issue_ticket(conversation, lock_lifetime=2)
    assert 0 < client.pttl(key) <= 2000, "a process killed mid-turn leaves nothing behind for long"
    lock_store.cleanup(conversation, ticket)
    assert not client.exists(key)

    lock_store.issue_ticket(conversation, lock_lifetime=0.2)
    time.sleep(0.4)
    assert not client.exists(key)


def test_an_unreachable_redis_stops_start_up_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCK_STORE_CONNECT_ATTEMPTS", "1")
    with pytest.raises(SystemExit) as refused:
        store(port=free_port(), password="not-shown-anywhere")
    message = str(refused.value)
    assert message.startswith("Refusing to start: the lock store Redis at")
    assert "REDIS_HOST" in message and "not-shown-anywhere" not in message


def test_a_key_prefix_redis_would_ignore_is_refused() -> None:
    with pytest.raises(SystemExit, match="REDIS_KEY_PREFIX='sen:test' must be letters and digits only"):
        store(key_prefix="sen:test")
