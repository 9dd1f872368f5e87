"""Load benchmark: many parents at once through nginx, with one and then two Rasa instances.

Runs the production topology of docker-compose.yml as local processes (tests/support/topology.py:
nginx, Rasa started by scripts/rasa_server.sh, PostgreSQL, the shared Redis lock store, the
action server, the web app), once per instance count, each on a fresh database. Every simulated
parent connects from its own loopback address (127.0.1.x), so nginx's per-client rate limit
treats them as separate people, and goes through a realistic visit again and again: a greeting,
a few questions, the meeting preparation form, thanks, with a short pause before each message.

Prints, per setup: messages answered, errors (HTTP errors, time-outs and empty replies), reply
latency p50/p95/p99 and messages per second. A benchmark, not a test: it asserts nothing.

    make load                                  # 50 parents for 300 s, 1 then 2 instances (~12 min)
    make load LOAD_ARGS="--parents 10 --seconds 20"
    python -m bench.load --parents 50 --seconds 300 --instances 1 2
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence

import aiohttp

from tests.support.databases import temporary_postgres_database
from tests.support.servers import new_parent
from tests.support.topology import Topology

GREETINGS = ["hello", "hi there", "good evening", "hiya, can you help me"]
QUESTIONS = [
    "what is sen support", "who is the senco and what do they do", "my son isnt making progress what now",
    "can i ask for an ehc needs assessment myself", "what is the difference between sen support and an ehcp",
    "how often should the school meet me about her support", "does my child need a diagnosis to get help",
    "what is the graduated approach", "what does sendiass do", "what is the local offer",
    "the school says they have no money for extra help", "how do i complain about the school",
    "what happens at an annual review", "my daughter is autistic and struggling in year 5",
    "what is a support plan", "who pays for sen support",
]
MEETING_START = ["help me get ready for a meeting with the school", "can you help me prepare for a meeting with the senco"]
MEETING_ANSWERS = [
    ["we don't agree with school about his support", "A first talk about a worry", "a review of how things are going"],
    ["hes in year 8", "primary school", "she's at nursery"],
    ["autism and anxiety", "reading and writing", "speech and language"],
    ["he gets sen support", "nothing yet", "she has an ehc plan"],
    ["not sure", "yes an educational psychologist", "no"],
    ["no hes going backwards if anything", "yes a bit", "not sure"],
]
THANKS = ["thanks", "thank you that helps", "great thanks bye"]
TIMEOUT = aiohttp.ClientTimeout(total=120)


def visit(chance: random.Random) -> List[str]:
    """One parent's messages in one conversation: greeting, questions, the form, thanks."""
    form = [chance.choice(MEETING_START)] + [chance.choice(answers) for answers in MEETING_ANSWERS]
    return ([chance.choice(GREETINGS)] + chance.sample(QUESTIONS, chance.randint(2, 4)) + form
            + [chance.choice(THANKS)])


@dataclass
class Tally:
    """What every parent saw in one setup."""

    latencies_ms: List[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)

    def record(self, started: float, problem: Optional[str]) -> None:
        if problem is None:
            self.latencies_ms.append((time.perf_counter() - started) * 1000)
        else:
            self.errors[problem] += 1


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Optional[str]:
    """One message; None when answered, else what went wrong."""
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as reply:
            if reply.status != 200:
                return f"HTTP {reply.status}"
            return None if await reply.json() else "empty reply"
    except asyncio.TimeoutError:
        return "time-out"
    except aiohttp.ClientError as error:
        return error.__class__.__name__


async def parent(number: int, url: str, deadline: float, think: float, tally: Tally) -> None:
    """A parent visiting again and again until the deadline, from an address of their own."""
    chance = random.Random(number)
    address = f"127.0.{1 + number // 250}.{1 + number % 250}"
    connector = aiohttp.TCPConnector(local_addr=(address, 0), limit=1)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        await asyncio.sleep(chance.uniform(0, think))  # parents do not all arrive in the same second
        while time.monotonic() < deadline:
            sender = new_parent()
            for text in visit(chance):
                if time.monotonic() >= deadline:
                    return
                started = time.perf_counter()
                tally.record(started, await send(session, url, sender, text))
                await asyncio.sleep(chance.uniform(0.5, 1.5) * think)


async def load(url: str, parents: int, seconds: float, think: float) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(parent(number, url, deadline, think, tally) for number in range(parents)))
    return tally


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@dataclass
class Row:
    instances: int
    tally: Tally
    seconds: float

    def cells(self) -> List[str]:
        latencies = self.tally.latencies_ms
        errors = sum(self.tally.errors.values())
        return [f"{self.instances}", f"{len(latencies)}", f"{errors}",
                f"{statistics.median(latencies) if latencies else float('nan'):.0f}",
                f"{percentile(latencies, 0.95):.0f}", f"{percentile(latencies, 0.99):.0f}",
                f"{len(latencies) / self.seconds:.1f}"]


def run_setup(instances: int, parents: int, seconds: float, think: float) -> Row:
    """Start the topology with `instances` Rasa instances, load it, stop it."""
    with temporary_postgres_database("sen_load") as database_url, tempfile.TemporaryDirectory() as workdir:
        topology = Topology(workdir=Path(workdir), database_url=database_url, instances=instances)
        print(f"Starting nginx + {instances} Rasa instance(s) on PostgreSQL and Redis...", flush=True)
        try:
            topology.start()
            for instance in range(instances * 2):  # first replies of each instance are slower: not measured
                topology.send(f"warm-up-{instance}", "hello")
            print(f"{parents} parents for {seconds:g} s...", flush=True)
            started = time.monotonic()
            tally = asyncio.run(load(f"{topology.public_url}/webhooks/rest/webhook", parents, seconds, think))
            return Row(instances, tally, time.monotonic() - started)
        finally:
            topology.stop()
            topology.clear_locks()


def print_table(rows: List[Row], parents: int) -> None:
    header = ["Rasa instances", "answered", "errors", "p50 ms", "p95 ms", "p99 ms", "messages/s"]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(header))]
    print(f"\n{parents} parents at once, through nginx, PostgreSQL tracker store, Redis lock store")
    for line in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths)))
    for row in rows:
        if row.tally.errors:
            print(f"errors with {row.instances} instance(s): {dict(row.tally.errors)}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parents", type=int, default=50, help="simulated parents at once (default 50)")
    parser.add_argument("--seconds", type=float, default=300, help="length of each run (default 300)")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause before each message, s (default 2)")
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2], help="setups to run (default 1 2)")
    args = parser.parse_args(argv)
    if args.parents < 1 or args.seconds <= 0 or args.think < 0 or min(args.instances) < 1:
        parser.error("--parents and --instances must be at least 1, --seconds more than 0, --think not negative")
    rows = [run_setup(instances, args.parents, args.seconds, args.think) for instances in args.instances]
    print_table(rows, args.parents)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
