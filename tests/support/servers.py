"""Start the real action server and Rasa server as subprocesses, the way scripts/run.sh does.

Tests talk to them over HTTP exactly as the widget does. Ports are picked free so a
developer's own `make run` on 5005/5055 is never disturbed.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import uuid
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from tests.support.paths import MODEL, ROOT, VENV_BIN


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, name: str, timeout: float = 180) -> None:
    """Poll `url` until it answers; fail early, with the log, if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{name} not ready at {url} after {timeout} s")


def spawn_logged(args: List[str], log: Path, env: Optional[Dict[str, str]] = None,
                 cwd: Path = ROOT) -> subprocess.Popen:
    """Start a process with its output and errors appended to `log`, for reading when it fails."""
    with open(log, "ab") as out:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)


def run_python_module(module: str, env: Dict[str, str], log: Path, health_url: str,
                      timeout: float = 90) -> subprocess.Popen:
    """`python -m <module>` with its output in `log`, once `health_url` answers (or the log, if it died)."""
    process = spawn_logged([str(VENV_BIN / "python"), "-m", module], log, env)
    try:
        wait_until_up(health_url, process, module, timeout=timeout)
    except RuntimeError:
        terminate(process)
        raise RuntimeError(f"python -m {module} did not start; its log:\n{log.read_text()}") from None
    return process


def new_parent() -> str:
    """A fresh conversation id, so each test starts a conversation of its own."""
    return f"parent-{uuid.uuid4().hex[:12]}"


def terminate(process: Optional[subprocess.Popen], timeout: float = 60) -> None:
    """Stop a server process politely, and for sure."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def post_json(url: str, body: Any, timeout: float = 60) -> Any:
    """POST a JSON body and return the decoded JSON reply."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def get_json(url: str, timeout: float = 30) -> Any:
    """GET a URL and return the decoded JSON reply."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


@dataclass
class Servers:
    """A running action server + Rasa server pair with its own SQLite tracker store."""

    workdir: Path
    env_overrides: Dict[str, str] = field(default_factory=dict)
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    actions_process: Optional[subprocess.Popen] = None
    rasa_process: Optional[subprocess.Popen] = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(
            ACTION_SERVER_URL=f"{self.actions_url}/webhook",
            TRACKER_DB_URL=f"sqlite:///{self.workdir / 'rasa.db'}",
            TF_CPP_MIN_LOG_LEVEL="2",
            RASA_TELEMETRY_ENABLED="false",
        )
        env.update(self.env_overrides)
        return env

    def start_actions(self) -> None:
        self.actions_process = spawn_logged(
            [str(VENV_BIN / "python"), "-m", "actions.server", "--port", str(self.actions_port)],
            self.workdir / "actions.log", self.env(),
        )
        wait_until_up(f"{self.actions_url}/health", self.actions_process, "action server")

    def start_rasa(self) -> None:
        self.rasa_process = spawn_logged(
            [str(VENV_BIN / "python"), "-m", "rasa_runtime", "run", "--model", str(MODEL), "--enable-api",
             "--interface", "127.0.0.1", "--port", str(self.rasa_port),
             "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
            self.workdir / "rasa.log", self.env(),
        )
        wait_until_up(f"{self.rasa_url}/status", self.rasa_process, "Rasa server")

    def start(self) -> "Servers":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.start_actions()
        self.start_rasa()
        return self

    def stop_rasa(self) -> None:
        """Stop only the Rasa server (to show that conversations outlive it)."""
        terminate(self.rasa_process)
        self.rasa_process = None

    def stop(self) -> None:
        terminate(self.rasa_process)
        terminate(self.actions_process)
        self.rasa_process = self.actions_process = None

    def send(self, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """One parent message through the REST channel, as the widget sends it."""
        body: Dict[str, Any] = {"sender": sender, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        return post_json(f"{self.rasa_url}/webhooks/rest/webhook", body)

    def parse(self, text: str) -> Dict[str, Any]:
        """The model's reading of a message (topic, confidence, ranking)."""
        return post_json(f"{self.rasa_url}/model/parse", {"text": text})

    def tracker(self, sender: str) -> Dict[str, Any]:
        return get_json(f"{self.rasa_url}/conversations/{sender}/tracker")


def replies_text(replies: List[Dict[str, Any]]) -> str:
    """All the text the parent would read, joined."""
    return "\n".join(reply.get("text", "") for reply in replies)


def reply_buttons(replies: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    """Every quick-reply button shown, in order."""
    return [button for reply in replies for button in reply.get("buttons", [])]
