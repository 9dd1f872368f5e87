"""The web app's settings, read from the environment and checked in full at start-up.

| Variable          | Default                         | Meaning |
|-------------------|---------------------------------|---------|
| WEBAPP_HOST       | 127.0.0.1                       | interface to listen on |
| WEBAPP_PORT       | 8080                            | port to listen on |
| RASA_URL          | http://127.0.0.1:5005           | the Rasa server, as this app reaches it (HTTP API) |
| RASA_PUBLIC_URL   | RASA_URL                        | the Rasa server, as a parent's browser reaches it (the demo page's `data-server`) |
| RASA_TOKEN        | (none)                          | Rasa's `--auth-token`, sent as `?token=` to its HTTP API |
| ALLOWED_ORIGINS   | this app's own origin           | space-separated origins (council sites) whose pages may call /feedback and /conversations |
| TRACKER_DB_URL    | (none)                          | Rasa's SQL tracker store; when set, "Delete this conversation" also deletes its rows |

`*` is refused for ALLOWED_ORIGINS: it would let any website on the internet send feedback
for, or erase, a conversation whose id it had obtained. Every problem is reported at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping, Optional, Tuple
from urllib.parse import urlsplit

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](?::\d{1,5})?")


class SettingsError(ValueError):
    """One or more settings are wrong; the message lists every problem in plain words."""

    def __init__(self, problems: list[str], app_name: str = "The web app") -> None:
        self.problems = tuple(problems)
        super().__init__(f"{app_name} cannot start:\n" + "\n".join(f"- {p}" for p in self.problems))


@dataclass(frozen=True)
class Settings:
    """Everything the web app needs to know about where it runs and what it talks to."""

    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_public_url: str = "http://127.0.0.1:5005"
    rasa_token: Optional[str] = None
    allowed_origins: Tuple[str, ...] = ("http://127.0.0.1:8080",)
    tracker_db_url: Optional[str] = None

    @property
    def own_origin(self) -> str:
        """The origin of this app's own pages, as a browser on the same machine sees it."""
        return _origin_of(self.host, self.port)

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Settings":
        """Read and check every variable; raise `SettingsError` naming all the problems."""
        env = os.environ if environ is None else environ
        problems: list[str] = []

        host = env.get("WEBAPP_HOST", "").strip() or "127.0.0.1"
        port = _port(env.get("WEBAPP_PORT", "").strip() or "8080", problems)
        rasa_url = _base_url("RASA_URL", env.get("RASA_URL", "").strip() or "http://127.0.0.1:5005", problems)
        public = env.get("RASA_PUBLIC_URL", "").strip()
        rasa_public_url = _base_url("RASA_PUBLIC_URL", public, problems) if public else rasa_url
        token = env.get("RASA_TOKEN", "").strip() or None
        tracker_db_url = env.get("TRACKER_DB_URL", "").strip() or None

        raw_origins = env.get("ALLOWED_ORIGINS", "").split()
        origins = tuple(_origins(raw_origins, problems)) if raw_origins else (_origin_of(host, port),)
        if problems:
            raise SettingsError(problems)
        return cls(host=host, port=port, rasa_url=rasa_url, rasa_public_url=rasa_public_url,
                   rasa_token=token, allowed_origins=origins, tracker_db_url=tracker_db_url)


def _origin_of(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _port(value: str, problems: list[str], name: str = "WEBAPP_PORT", example: int = 8080) -> int:
    if value.isdigit() and 1 <= int(value) <= 65535:
        return int(value)
    problems.append(f"{name}={value!r} must be a port number from 1 to 65535, e.g. {example}")
    return 0


def _base_url(name: str, value: str, problems: list[str]) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        problems.append(f"{name}={value!r} must be an http(s) address such as http://127.0.0.1:5005")
    return value.rstrip("/")


def _origins(values: list[str], problems: list[str]) -> list[str]:
    origins = []
    for value in values:
        if value == "*" or "*" in value:
            problems.append(
                "ALLOWED_ORIGINS must not contain '*': that would let any website send feedback for, "
                "or erase, a parent's conversation. List the council sites that embed the widget, "
                "e.g. ALLOWED_ORIGINS='https://www.exampleshire.gov.uk https://localoffer.exampleshire.gov.uk'"
            )
        elif not _ORIGIN.fullmatch(value):
            problems.append(
                f"ALLOWED_ORIGINS: {value!r} is not an origin; write scheme://host[:port] with no path "
                "or trailing slash, e.g. https://www.exampleshire.gov.uk"
            )
        else:
            origins.append(value.lower())
    return origins
