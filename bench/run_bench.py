"""Our assistant against stock Rasa 3.6's starter bot, measured side by side in one run.

Trains the stock starter bot itself (`rasa init --no-prompt` in a temporary folder), then for
each bot: process start to ready, resident memory, REST reply latency one message at a time
(in conversations of a parent's usual length), and throughput with 16 conversations at once.
Then, for ours only: throughput through nginx with several Rasa instances (the production
setup of docker-compose.yml, on PostgreSQL and Redis), a full training, and a retraining
after a content-only change. Prints a table of both bots' figures and their ratios. A
benchmark, not a test: it asserts nothing. Run with `make bench` (about 12 minutes).

Ours runs as in `make run` (action server, SQLite tracker store, redaction); the stock bot
runs as `rasa init` leaves it (in-memory tracker store, no action server), which favours it.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional

from bench.training import TrainingFigures, measure_training
from tests.support.paths import VENV_BIN
from tests.support.databases import temporary_postgres_database
from tests.support.servers import Servers, free_port, post_json, spawn_logged, terminate, wait_until_up
from tests.support.topology import Topology

CONVERSATION_LENGTH = 10
CONCURRENT_CONVERSATIONS = 16
OUR_MESSAGES = [
    "hello", "what is sen support", "how often should the school meet me",
    "who is the senco and what do they do", "my son isnt making progress what now",
    "can i ask for an ehc needs assessment myself", "thanks",
]
STOCK_MESSAGES = ["hello", "I am sad", "yes", "great", "are you a bot?", "no", "bye"]
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}


@dataclass
class Figures:
    ready_s: float
    rss_mb: float
    median_ms: float
    p95_ms: float
    throughput: float


def resident_mb(pid: int) -> float:
    """Resident memory of a process in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latencies(send: Callable[[str, str], object], messages: List[str], count: int) -> List[float]:
    """Milliseconds per reply, one message at a time, a new conversation every 10 messages."""
    send("bench-warm-up", messages[0])
    result = []
    for i in range(count):
        if i % CONVERSATION_LENGTH == 0:
            sender = f"bench-{uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        send(sender, messages[i % len(messages)])
        result.append((time.perf_counter() - started) * 1000)
    return result


def throughput(send: Callable[[str, str], object], messages: List[str], seconds: float) -> float:
    """Replies per second with CONCURRENT_CONVERSATIONS parents typing at once."""
    done = [0] * CONCURRENT_CONVERSATIONS
    deadline = time.monotonic() + seconds

    def parent(index: int) -> None:
        sender, i = f"load-{index}-{uuid.uuid4().hex[:6]}", 0
        while time.monotonic() < deadline:
            send(sender, messages[i % len(messages)])
            done[index] += 1
            i += 1

    threads = [threading.Thread(target=parent, args=(n,)) for n in range(CONCURRENT_CONVERSATIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def measure(url: str, pid: int, ready_s: float, messages: List[str], count: int, seconds: float) -> Figures:
    def send(sender: str, text: str) -> object:
        return post_json(f"{url}/webhooks/rest/webhook", {"sender": sender, "message": text})

    timings = latencies(send, messages, count)
    rate = throughput(send, messages, seconds)
    return Figures(ready_s, resident_mb(pid), statistics.median(timings), percentile(timings, 0.95), rate)


def measure_ours(workdir: Path, count: int, seconds: float) -> Figures:
    workdir.mkdir(parents=True)
    servers = Servers(workdir=workdir)
    servers.start_actions()
    started = time.perf_counter()
    servers.start_rasa()
    ready = time.perf_counter() - started
    try:
        return measure(servers.rasa_url, servers.rasa_process.pid, ready, OUR_MESSAGES, count, seconds)
    finally:
        servers.stop()


def throughput_scaled_out(workdir: Path, instances: int, seconds: float) -> tuple:
    """Throughput with 16 conversations through nginx to `instances` Rasa instances (production setup).

    nginx's per-client rate limit is lifted for the run: all 16 benchmark conversations come
    from one address, and the figure is the servers' capacity, not the limit's.
    Returns (messages per second, the largest resident memory of one Rasa instance in MB).
    """
    with temporary_postgres_database("sen_bench") as database_url:
        topology = Topology(workdir=workdir, database_url=database_url, instances=instances,
                            rate="10000r/s", burst=10000)
        try:
            topology.start()

            def send(sender: str, text: str) -> object:
                return topology.send(sender, text)

            for n in range(instances * 2):  # each instance's first replies are slower: not measured
                send(f"bench-warm-up-{n}", "hello")
            rate = throughput(send, OUR_MESSAGES, seconds)
            return rate, max(resident_mb(instance.process.pid) for instance in topology.rasa)
        finally:
            topology.stop()
            topology.clear_locks()


def train_stock(folder: Path) -> float:
    """Create and train the stock starter bot; return the seconds `rasa init` took."""
    folder.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(
        [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, **QUIET_ENV),
    )
    return time.perf_counter() - started


def measure_stock(folder: Path, count: int, seconds: float) -> Figures:
    port = free_port()
    process = spawn_logged(
        [str(VENV_BIN / "rasa"), "run", "--enable-api", "--port", str(port), "--model", "models"],
        folder / "rasa.log", dict(os.environ, **QUIET_ENV), cwd=folder,
    )
    started = time.perf_counter()
    try:
        wait_until_up(f"http://127.0.0.1:{port}/status", process, "stock Rasa server")
        ready = time.perf_counter() - started
        return measure(f"http://127.0.0.1:{port}", process.pid, ready, STOCK_MESSAGES, count, seconds)
    finally:
        terminate(process)


def table(ours: Figures, stock: Figures, stock_training_s: float, training: Optional[TrainingFigures],
          scaled: Dict[int, tuple]) -> str:
    rows: Dict[str, tuple] = {
        "start to ready (s)": (ours.ready_s, stock.ready_s),
        "resident memory (MB)": (ours.rss_mb, stock.rss_mb),
        "median latency, 1 conversation (ms)": (ours.median_ms, stock.median_ms),
        "p95 latency, 1 conversation (ms)": (ours.p95_ms, stock.p95_ms),
        f"throughput, {CONCURRENT_CONVERSATIONS} conversations (msg/s)": (ours.throughput, stock.throughput),
    }
    lines = [f"{'':48s} {'ours':>10s} {'stock':>10s} {'ours/stock':>11s}"]
    for instances, (rate, rss) in sorted(scaled.items()):
        rows[f"throughput, {CONCURRENT_CONVERSATIONS} conv., {instances} behind nginx (msg/s)"] = (rate, stock.throughput)
        rows[f"largest memory of the {instances} instance(s) (MB)"] = (rss, stock.rss_mb)
    for name, (a, b) in rows.items():
        lines.append(f"{name:48s} {a:10.1f} {b:10.1f} {a / b:11.2f}")
    if training is not None:
        lines.append(f"{'full training (s)':48s} {training.full_s:10.1f} {stock_training_s:10.1f} "
                     f"{training.full_s / stock_training_s:11.2f}")
        lines.append(f"{'retraining after a content-only change (s)':48s} {training.content_only_s:10.1f}")
    else:
        lines.append(f"{'stock bot training (rasa init, s)':48s} {'':10s} {stock_training_s:10.1f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200, help="messages for the latency figures")
    parser.add_argument("--seconds", type=float, default=30, help="length of the throughput run")
    parser.add_argument("--skip-training", action="store_true", help="leave out our two training runs (~5 min)")
    parser.add_argument("--instances", type=int, nargs="*", default=[2],
                        help="also measure throughput through nginx with these numbers of Rasa instances "
                             "(production setup: PostgreSQL, Redis; default 2; none to skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stock_folder = Path(tmp) / "stock"
        print("Training the stock starter bot (rasa init) ...", flush=True)
        stock_training = train_stock(stock_folder)
        print("Measuring the stock starter bot ...", flush=True)
        stock = measure_stock(stock_folder, args.messages, args.seconds)
        print("Measuring our assistant ...", flush=True)
        ours = measure_ours(Path(tmp) / "ours", args.messages, args.seconds)
        scaled = {}
        for instances in args.instances:
            print(f"Measuring our assistant, {instances} instance(s) behind nginx ...", flush=True)
            scaled[instances] = throughput_scaled_out(Path(tmp) / f"scaled-{instances}", instances, args.seconds)
        training = None
        if not args.skip_training:
            print("Training ours: in full, then after rewording one answer ...", flush=True)
            training = measure_training(Path(tmp) / "training")
    print()
    print(f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores")
    print(table(ours, stock, stock_training, training, scaled))


if __name__ == "__main__":
    main()
