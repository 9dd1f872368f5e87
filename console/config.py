"""The staff console's settings, read from the environment and checked in full at start-up.

| Variable               | Default                   | Meaning |
|------------------------|---------------------------|---------|
| CONSOLE_HOST           | 127.0.0.1                 | interface to listen on (the console is for staff: keep it off the internet, or behind the council's sign-in proxy) |
| CONSOLE_PORT           | 8090                      | port to listen on |
| CONSOLE_SECRET_KEY     | (required)                | at least 32 random characters, signing the session cookies and form tokens, e.g. from `openssl rand -hex 32` |
| CONSOLE_ACCOUNTS       | (this or the next)        | path to a YAML file of `username: <hash>` lines, one per member of staff |
| CONSOLE_PASSWORD_HASH  | (this or the previous)    | the hash for one shared account called `staff` |
| CONSOLE_SECURE_COOKIES | 0                         | 1 when staff reach the console over HTTPS: cookies are then sent over HTTPS only |
| CONSOLE_DB_URL         | sqlite:///var/console.db  | the console's own database (flags, sessions, sign-in failures, batch results); PostgreSQL in production |
| RASA_URL               | http://127.0.0.1:5005     | the running assistant's Rasa server (its HTTP API must be on: `--enable-api`) |
| RASA_TOKEN             | (none)                    | Rasa's `--auth-token`, sent as `?token=` |
| TRACKER_DB_URL         | (required)                | Rasa's SQL tracker store, where parents' (redacted) conversations are kept |

Hashes are made with `python -m console.hash_password`. There is no default secret or
account: a console that anyone could sign in to would show parents' questions.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional

import sqlalchemy as sa
import yaml

from console.passwords import HOW_TO_MAKE_ONE, PasswordHash, parse_hash
from webapp.config import SettingsError, _base_url, _port

APP_NAME = "The staff console"
MIN_SECRET_LENGTH = 32
SHARED_ACCOUNT = "staff"
USERNAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
DEFAULT_DB_URL = "sqlite:///var/console.db"


@dataclass(frozen=True)
class Settings:
    """Everything the console needs: where it listens, who may sign in, what it talks to."""

    secret_key: str
    accounts: Mapping[str, PasswordHash]
    tracker_db_url: str
    host: str = "127.0.0.1"
    port: int = 8090
    secure_cookies: bool = False
    db_url: str = DEFAULT_DB_URL
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: Optional[str] = None

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Settings":
        """Read and check every variable; raise `SettingsError` naming all the problems."""
        env = os.environ if environ is None else environ
        problems: list[str] = []

        host = env.get("CONSOLE_HOST", "").strip() or "127.0.0.1"
        port = _port(env.get("CONSOLE_PORT", "").strip() or "8090", problems, "CONSOLE_PORT", 8090)
        secret = env.get("CONSOLE_SECRET_KEY", "").strip()
        if len(secret) < MIN_SECRET_LENGTH:
            state = "is not set" if not secret else f"is only {len(secret)} characters long"
            problems.append(
                f"CONSOLE_SECRET_KEY {state}: it signs the staff's sign-in cookies, so it must be at least "
                f"{MIN_SECRET_LENGTH} random characters, e.g. from `openssl rand -hex 32`. Keep it secret."
            )
        accounts = _accounts(env.get("CONSOLE_ACCOUNTS", "").strip(), env.get("CONSOLE_PASSWORD_HASH", "").strip(),
                             problems)
        secure = env.get("CONSOLE_SECURE_COOKIES", "").strip() or "0"
        if secure not in ("0", "1"):
            problems.append(f"CONSOLE_SECURE_COOKIES={secure!r} must be 1 (the console is reached over HTTPS) or 0")
        db_url = _database_url("CONSOLE_DB_URL", env.get("CONSOLE_DB_URL", "").strip() or DEFAULT_DB_URL, problems)
        tracker = env.get("TRACKER_DB_URL", "").strip()
        if not tracker:
            problems.append("TRACKER_DB_URL is not set: give the assistant's conversation database "
                            "(the same value Rasa uses, e.g. sqlite:///var/rasa.db)")
        else:
            _database_url("TRACKER_DB_URL", tracker, problems)
        rasa_url = _base_url("RASA_URL", env.get("RASA_URL", "").strip() or "http://127.0.0.1:5005", problems)
        token = env.get("RASA_TOKEN", "").strip() or None
        if problems:
            raise SettingsError(problems, APP_NAME)
        return cls(secret_key=secret, accounts=accounts, tracker_db_url=tracker, host=host, port=port,
                   secure_cookies=secure == "1", db_url=db_url, rasa_url=rasa_url, rasa_token=token)


def _accounts(path: str, shared_hash: str, problems: list[str]) -> Dict[str, PasswordHash]:
    """The staff accounts from CONSOLE_ACCOUNTS or CONSOLE_PASSWORD_HASH (exactly one of them)."""
    if path and shared_hash:
        problems.append("Set CONSOLE_ACCOUNTS or CONSOLE_PASSWORD_HASH, not both: "
                        "the accounts file can hold a 'staff' account too")
        return {}
    if shared_hash:
        parsed = parse_hash(shared_hash)
        if parsed is None:
            problems.append(f"CONSOLE_PASSWORD_HASH is not a password hash of the form scrypt$n$r$p$salt$hash; "
                            f"{HOW_TO_MAKE_ONE}")
            return {}
        return {SHARED_ACCOUNT: parsed}
    if not path:
        problems.append(
            "No staff accounts: set CONSOLE_ACCOUNTS to a YAML file of 'username: <hash>' lines, or "
            f"CONSOLE_PASSWORD_HASH to one hash for a shared '{SHARED_ACCOUNT}' account; {HOW_TO_MAKE_ONE}"
        )
        return {}
    return _accounts_file(Path(path), problems)


def _accounts_file(path: Path, problems: list[str]) -> Dict[str, PasswordHash]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        problems.append(f"CONSOLE_ACCOUNTS: cannot read {path} ({error.strerror or error})")
        return {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(f"CONSOLE_ACCOUNTS: {path} is not valid YAML ({str(error).splitlines()[0]})")
        return {}
    if not isinstance(data, dict) or not data:
        problems.append(f"CONSOLE_ACCOUNTS: {path} must hold lines of 'username: <hash>'; {HOW_TO_MAKE_ONE}")
        return {}
    accounts: Dict[str, PasswordHash] = {}
    for username, text in data.items():
        if not isinstance(username, str) or not USERNAME.fullmatch(username):
            problems.append(f"CONSOLE_ACCOUNTS: {username!r} is not a username: use lower-case letters, "
                            "digits, '.', '_', '@' or '-' (at most 64)")
            continue
        parsed = parse_hash(text) if isinstance(text, str) else None
        if parsed is None:
            problems.append(f"CONSOLE_ACCOUNTS: the hash for {username!r} is not of the form "
                            f"scrypt$n$r$p$salt$hash; {HOW_TO_MAKE_ONE}")
            continue
        accounts[username] = parsed
    return accounts


def _database_url(name: str, value: str, problems: list[str]) -> str:
    try:
        sa.engine.make_url(value)
    except sa.exc.ArgumentError:
        problems.append(f"{name} is not a database URL: write e.g. sqlite:///var/console.db or "
                        "postgresql://user:password@host:5432/database")
    return value
