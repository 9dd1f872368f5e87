"""Measure the running assistant as a parent meets it: start-up time, memory and reply latency.

Starts the action server and the Rasa server on spare ports (like the tests do), times
process start to ready, sends messages through the REST webhook one at a time in
conversations of a parent's usual length (a new conversation every 10 messages), and prints
the figures. A benchmark, not a test: it asserts nothing.

    .venv/bin/python -m bench.server_figures [--messages 200]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import List

from tests.support.servers import Servers

CONVERSATION_LENGTH = 10
QUESTIONS = [
    "what is sen support",
    "how often should the school meet me",
    "who is the senco and what do they do",
    "my son isnt making progress what now",
    "can i ask for an ehc needs assessment myself",
    "whats the phone number for sendiass",
    "thanks",
]


def resident_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        servers = Servers(workdir=Path(workdir))
        servers.start_actions()
        started = time.perf_counter()
        servers.start_rasa()
        ready_s = time.perf_counter() - started
        try:
            servers.send("bench-warm-up", "hello")
            latencies = []
            for i in range(args.messages):
                if i % CONVERSATION_LENGTH == 0:
                    sender = f"bench-{uuid.uuid4().hex[:8]}"
                t0 = time.perf_counter()
                servers.send(sender, QUESTIONS[i % len(QUESTIONS)])
                latencies.append((time.perf_counter() - t0) * 1000)
            rss = resident_mb(servers.rasa_process.pid)
        finally:
            servers.stop()
    print(f"Rasa server start to ready: {ready_s:.1f} s")
    print(f"Rasa server resident memory after {args.messages} messages: {rss:.0f} MB")
    print(f"REST reply latency, {args.messages} messages in conversations of {CONVERSATION_LENGTH}: "
          f"median {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
          f"max {max(latencies):.1f} ms")


if __name__ == "__main__":
    main()
