"""Rendering pages and setting cookies: the parts of the console every route shares.

Pages are server-rendered HTML (Jinja2, autoescaped) that work with no JavaScript. Every form
gets its CSRF and single-use form tokens from `form_tokens()` in the templates.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from console.sessions import COOKIE_NAME, SESSION_SECONDS
from console.times import readable_time

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# Where a page may send staff back to after sign-in: a path on this site, never another site.
LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9/_.\-?=&%+]{0,500}")
NAVIGATION: Tuple[Tuple[str, str], ...] = (
    ("/", "Home"),
    ("/try", "Try a question"),
    ("/answers", "Answers"),
    ("/batch", "Batch test"),
    ("/flags", "Flagged answers"),
    ("/unanswered", "Unanswered questions"),
    ("/feedback", "Parents' feedback"),
)
# (field id, message): shown in the error summary, linked to the field, and beside the field.
FieldError = Tuple[str, str]


def template_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["when"] = readable_time
    environment.filters["percent"] = lambda share: f"{share * 100:.1f}%"
    return environment


def render(request: Request, template: str, status: int = 200, *, errors: Sequence[FieldError] = (),
           csrf: Optional[str] = None, **context: Any) -> HTTPResponse:
    """A page, with the signed-in user, the navigation and fresh form tokens available to it."""
    app = request.app
    session = getattr(request.ctx, "session", None)
    csrf = csrf or (session.csrf if session else None)

    def form_tokens() -> Markup:
        if csrf is None:
            return Markup("")
        return Markup('<input type="hidden" name="csrf_token" value="{}">'
                      '<input type="hidden" name="form_token" value="{}">').format(
            escape(csrf), escape(app.ctx.sessions.form_token(csrf)))

    errors_by_field = {}
    for field, message in errors:
        errors_by_field.setdefault(field, message)
    html = app.ctx.templates.get_template(template).render(
        user=session.username if session else None,
        navigation=NAVIGATION if session else (),
        current=request.path,
        form_tokens=form_tokens,
        errors=list(errors),
        field_error=errors_by_field,
        **context,
    )
    return response.html(html, status=status)


def message_page(request: Request, status: int, title: str, message: str,
                 link: Optional[Tuple[str, str]] = None) -> HTTPResponse:
    """A short page explaining why something could not be done, and where to go next."""
    return render(request, "message.html", status, title=title, message=message, link=link)


def local_path(value: Optional[str], default: str = "/") -> str:
    """`value` if it is a path on this site, else `default` (so a link cannot send staff elsewhere)."""
    return value if value and LOCAL_PATH.fullmatch(value) else default


def set_cookie(reply: HTTPResponse, name: str, value: str, secure: bool, max_age: int = SESSION_SECONDS) -> None:
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["path"] = "/"
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["max-age"] = max_age
    if secure:
        cookie["secure"] = True


def clear_session_cookie(reply: HTTPResponse, secure: bool) -> None:
    set_cookie(reply, COOKIE_NAME, "", secure, max_age=0)


def download(body: str, filename: str, content_type: str) -> HTTPResponse:
    return response.text(body, content_type=content_type,
                         headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def form_value(request: Request, name: str, limit: int = 10_000) -> str:
    """A posted form field as text ('' when missing), cut to `limit` characters."""
    return (request.form.get(name) or "")[:limit]


def form_values(request: Request, name: str, limit: int = 10_000) -> List[str]:
    return [value[:limit] for value in request.form.getlist(name) or []]
