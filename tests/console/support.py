"""The staff console as tests use it: a real `python -m console` process, and a browser-like client.

The client keeps cookies like a browser, and fills in each form's hidden fields (the CSRF and
single-use form tokens) from the page the form is on, as a browser would on submit.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import requests

from console.passwords import hash_password
from tests.support.servers import Servers, free_port, run_python_module, terminate

PASSWORD = "a long test password"
STAFF = ("alice", "bob", "carol")
SECRET_KEY = "test-secret-key-" + "x" * 32


def start_webapp(servers: Servers, workdir: Path) -> Tuple[str, subprocess.Popen]:
    """The parents' web app (python -m webapp) beside the session's servers: its URL and process."""
    port = free_port()
    env = servers.env()
    env.update(WEBAPP_HOST="127.0.0.1", WEBAPP_PORT=str(port), RASA_URL=servers.rasa_url)
    env.pop("ALLOWED_ORIGINS", None)
    url = f"http://127.0.0.1:{port}"
    return url, run_python_module("webapp", env, workdir / "webapp.log", f"{url}/health")


def write_accounts(folder: Path) -> Path:
    """An accounts file with the STAFF usernames, all with PASSWORD."""
    path = folder / "accounts.yml"
    path.write_text("".join(f'{name}: "{hash_password(PASSWORD)}"\n' for name in STAFF), encoding="utf-8")
    return path


@dataclass
class Console:
    """One running console process on a free port, with its own log."""

    workdir: Path
    env: Dict[str, str]
    port: int = field(default_factory=free_port)
    process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "console.log"

    def start(self) -> "Console":
        env = dict(self.env, CONSOLE_HOST="127.0.0.1", CONSOLE_PORT=str(self.port))
        self.process = run_python_module("console", env, self.log, f"{self.url}/health")
        return self

    def stop(self) -> None:
        terminate(self.process, timeout=20)
        self.process = None

    def client(self) -> "ConsoleClient":
        return ConsoleClient(self.url)


def console_env(servers: Servers, workdir: Path, **overrides: str) -> Dict[str, str]:
    """Settings for a console beside the session's real servers, with its own SQLite database."""
    env = servers.env()
    for name in ("CONSOLE_PASSWORD_HASH", "CONSOLE_SECURE_COOKIES", "RASA_TOKEN"):
        env.pop(name, None)
    env.update(
        CONSOLE_SECRET_KEY=SECRET_KEY,
        CONSOLE_ACCOUNTS=str(write_accounts(workdir)),
        CONSOLE_DB_URL=f"sqlite:///{workdir / 'console.db'}",
        RASA_URL=servers.rasa_url,
    )
    env.update(overrides)
    return env


def start_console(servers: Servers, workdir: Path, **overrides: str) -> Console:
    workdir.mkdir(parents=True, exist_ok=True)
    return Console(workdir=workdir, env=console_env(servers, workdir, **overrides)).start()


class _Forms(HTMLParser):
    """Every form on a page: its action and the values its inputs would send as they stand."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: List[Dict[str, Any]] = []
        self._current: Optional[Dict[str, Any]] = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._current = {"action": attributes.get("action", ""), "fields": {}}
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attributes.get("type") == "hidden":
            self._current["fields"][attributes.get("name")] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


class _Text(HTMLParser):
    """The text a person reads on a page (no tags, scripts or attribute values)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: List[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def hidden_fields(html: str, action: str) -> Dict[str, str]:
    """The hidden fields of the first form on the page that posts to `action`."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["action"] == action:
            return dict(form["fields"])
    raise AssertionError(f"no form posting to {action} on the page")


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


class ConsoleClient:
    """A browser-like client: cookies kept, redirects not followed (tests look at them)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base_url + path, allow_redirects=False, timeout=60, **kwargs)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.post(self.base_url + path, data=data, allow_redirects=False, timeout=300, **kwargs)

    def submit(self, page: str, action: str, fields: Optional[Dict[str, Any]] = None, **kwargs: Any) -> requests.Response:
        """Open `page`, fill in the form posting to `action` with `fields`, and send it."""
        shown = self.get(page)
        assert shown.status_code == 200, f"GET {page} gave {shown.status_code}"
        return self.post(action, data={**hidden_fields(shown.text, action), **(fields or {})}, **kwargs)

    def sign_in(self, username: str = STAFF[0], password: str = PASSWORD) -> requests.Response:
        return self.submit("/sign-in", "/sign-in", {"username": username, "password": password})

    def signed_in(self, username: str = STAFF[0]) -> "ConsoleClient":
        reply = self.sign_in(username)
        assert reply.status_code == 303, f"sign-in failed with {reply.status_code}: {page_text(reply.text)[:300]}"
        return self
