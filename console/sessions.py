"""Signed session cookies, CSRF tokens and single-use form tokens.

A session is a random id kept server-side (only its hash is stored), sent to the browser in a
cookie signed with CONSOLE_SECRET_KEY (itsdangerous), and ends after SESSION_SECONDS or at
sign-out. Every form carries two hidden fields:

- `csrf_token`: the session's CSRF token, which another website cannot know, so it cannot make
  a signed-in member of staff's browser post a form (SameSite=Strict cookies are a second wall);
- `form_token`: a signed, single-use token bound to that CSRF token. Its nonce is recorded when
  the form is posted, so the same post sent again (a replay, or a double submit) is refused.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeTimedSerializer

from console.database import sessions, used_form_tokens

SESSION_SECONDS = 8 * 60 * 60
FORM_TOKEN_SECONDS = SESSION_SECONDS
COOKIE_NAME = "console_session"
# Before sign-in: a random value in a cookie, repeated in the sign-in form (double submit).
PRE_SESSION_COOKIE = "console_sign_in"


@dataclass(frozen=True)
class Session:
    """A signed-in member of staff."""

    username: str
    csrf: str


class FormRefused(Exception):
    """A posted form is not accepted; the message says why in words staff understand."""


class SessionStore:
    """Sessions and form tokens in the console database."""

    def __init__(self, engine: sa.engine.Engine, secret_key: str) -> None:
        self._engine = engine
        self._cookies = URLSafeTimedSerializer(secret_key, salt="console-session")
        self._forms = URLSafeTimedSerializer(secret_key, salt="console-form")

    def start(self, username: str) -> str:
        """Begin a session for `username`; return the signed cookie value."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        with self._engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.expires_at < now))
            connection.execute(used_form_tokens.delete().where(used_form_tokens.c.used_at < now - FORM_TOKEN_SECONDS))
            connection.execute(sessions.insert().values(
                id_hash=_digest(session_id), username=username, csrf=secrets.token_urlsafe(32),
                created_at=now, expires_at=now + SESSION_SECONDS,
            ))
        return self._cookies.dumps(session_id)

    def find(self, cookie: Optional[str]) -> Optional[Session]:
        """The session a cookie belongs to, or None when it is missing, forged, ended or expired."""
        session_id = self.unsign(cookie)
        if session_id is None:
            return None
        with self._engine.connect() as connection:
            row = connection.execute(
                sa.select(sessions.c.username, sessions.c.csrf)
                .where(sessions.c.id_hash == _digest(session_id), sessions.c.expires_at > time.time())
            ).first()
        return Session(username=row.username, csrf=row.csrf) if row else None

    def end(self, cookie: Optional[str]) -> None:
        """Sign out: the session is deleted, so its cookie is worthless even if copied."""
        session_id = self.unsign(cookie)
        if session_id is not None:
            with self._engine.begin() as connection:
                connection.execute(sessions.delete().where(sessions.c.id_hash == _digest(session_id)))

    def unsign(self, cookie: Optional[str]) -> Optional[str]:
        """The session id inside a signed cookie value, if the signature is good and fresh."""
        if not cookie:
            return None
        try:
            value = self._cookies.loads(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def form_token(self, csrf: str) -> str:
        """A new single-use token for one form, bound to the CSRF token `csrf`."""
        return self._forms.dumps({"n": secrets.token_urlsafe(24), "b": csrf})

    def accept_form(self, csrf: str, posted_csrf: Optional[str], posted_token: Optional[str]) -> None:
        """Check a posted form's two tokens and use up its form token; raise `FormRefused` if not right."""
        if not posted_csrf or not hmac.compare_digest(posted_csrf.encode(), csrf.encode()):
            raise FormRefused("This form could not be accepted because its security token is missing or wrong. "
                              "Go back, reload the page and try again.")
        try:
            token = self._forms.loads(posted_token or "", max_age=FORM_TOKEN_SECONDS)
        except BadSignature:
            raise FormRefused("This form has expired or was changed. Go back, reload the page and try again.") from None
        if not isinstance(token, dict) or not hmac.compare_digest(str(token.get("b", "")).encode(), csrf.encode()):
            raise FormRefused("This form belongs to another sign-in. Go back, reload the page and try again.")
        try:
            with self._engine.begin() as connection:
                connection.execute(used_form_tokens.insert().values(nonce=str(token.get("n")), used_at=time.time()))
        except sa.exc.IntegrityError:
            raise FormRefused("This form was already sent once, so it was not sent again. "
                              "Reload the page if you want to do it again.") from None


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()
