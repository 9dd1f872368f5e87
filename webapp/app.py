"""The web app: widget files, the demo Local Offer page, feedback, and erasing a conversation.

Routes
- `GET /`                          demo Local Offer page (`?council=<slug>`, default exampleshire)
- `GET /webchat/<file>`            widget.js and widget.css, with caching headers
- `POST /feedback`                 `{"sender", "council", "helpful", "answer_index"}` -> the
                                   `answer_feedback` slot of that conversation in Rasa; 204
- `DELETE /conversations/<sender>` erase the conversation in Rasa's tracker store; 204
- `GET /health`                    `{"status": "ok"}`

Browsers on the origins in ALLOWED_ORIGINS (the council sites that embed the widget) may call
/feedback and /conversations; a request from any other site is refused with 403, and gets no
CORS headers. Request bodies over 16 KB are refused with 413 before they are read in full.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from pathlib import Path
from typing import Any, Dict, Optional, Tuple
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.councils.config import COUNCILS_DIR, CouncilRegistry, LocalCouncil, load_councils
from channels.conversation_id import CONVERSATION_ID
from webapp.config import Settings
from webapp.rasa_api import RasaApi, RasaUnavailable, eraser_for

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
WEBCHAT_DIR = ROOT / "webchat"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

MAX_BODY_BYTES = 16 * 1024
FEEDBACK_SLOT = "answer_feedback"
DEMO_DEFAULT_COUNCIL = "exampleshire"
WIDGET_TITLE = "Ask about SEN support"
WIDGET_FILES = {
    "widget.js": "text/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
}
# The widget's URL stays the same when it changes (councils paste it once), so browsers keep it
# for a short while only, then revalidate cheaply with the ETag.
WIDGET_CACHE_CONTROL = "public, max-age=300"
SENDER = CONVERSATION_ID  # the REST channel takes the same ids, so each can be erased
FEEDBACK_FIELDS = {"sender", "council", "helpful", "answer_index"}
MAX_ANSWER_INDEX = 10_000
PREFLIGHT_MAX_AGE = "600"


def create_app(settings: Optional[Settings] = None, *, registry: Optional[CouncilRegistry] = None,
               name: str = "sen_webapp") -> Sanic:
    """Build the web app. `settings` default to the environment's; `registry` to councils/*.yml."""
    settings = settings or Settings.from_env()
    registry = registry or load_councils(COUNCILS_DIR)
    Sanic._app_registry.pop(name, None)  # a fresh app per call, e.g. one per test
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings
    app.ctx.registry = registry
    app.ctx.templates = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @app.before_server_start
    async def open_clients(app: Sanic, _loop: Any) -> None:
        app.ctx.rasa = RasaApi(settings.rasa_url, settings.rasa_token)
        await app.ctx.rasa.open()
        app.ctx.eraser = eraser_for(settings.tracker_db_url)

    @app.after_server_stop
    async def close_clients(app: Sanic, _loop: Any) -> None:
        await app.ctx.rasa.close()
        if app.ctx.eraser is not None:
            app.ctx.eraser.close()

    @app.on_request
    async def refuse_other_sites(request: Request) -> Optional[HTTPResponse]:
        """Pages on sites not in ALLOWED_ORIGINS may not use the API, even without reading replies."""
        if request.path.startswith(("/feedback", "/conversations/")) and not _origin_allowed(request):
            return _message(403, "This site is not allowed to use the assistant's web app (see ALLOWED_ORIGINS).")
        return None

    @app.on_response
    async def common_headers(request: Request, reply: HTTPResponse) -> None:
        reply.headers.setdefault("X-Content-Type-Options", "nosniff")
        reply.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        origin = request.headers.get("origin")
        if origin and origin.lower() in settings.allowed_origins:
            reply.headers["Access-Control-Allow-Origin"] = origin
            reply.headers["Vary"] = "Origin"

    @app.get("/health")
    async def health(_request: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/")
    async def demo_page(request: Request) -> HTTPResponse:
        slug = (request.args.get("council") or DEMO_DEFAULT_COUNCIL).strip().lower()
        if slug not in registry.councils:
            known = ", ".join(registry.slugs)
            return response.text(f"No council called {slug!r}. Try one of: {known}.", status=404)
        return _demo_page(request, app, slug)

    @app.route("/webchat/<filename:str>", methods=["GET", "HEAD"])
    async def widget_file(request: Request, filename: str) -> HTTPResponse:
        content_type = WIDGET_FILES.get(filename)
        if content_type is None:
            return _message(404, "No such file.")
        body = (WEBCHAT_DIR / filename).read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {
            "Cache-Control": WIDGET_CACHE_CONTROL,
            "ETag": etag,
            # Council pages on other sites load these files, including pages that isolate themselves.
            "Cross-Origin-Resource-Policy": "cross-origin",
        }
        if etag in request.headers.get("if-none-match", ""):
            return HTTPResponse(status=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return HTTPResponse(headers=headers, content_type=content_type)
        return HTTPResponse(body, headers=headers, content_type=content_type)

    @app.route("/feedback", methods=["POST", "OPTIONS"])
    async def feedback(request: Request) -> HTTPResponse:
        if request.method == "OPTIONS":
            return _preflight("POST")
        body, problem = _feedback_body(request)
        if problem:
            return _message(400, problem)
        value = {"helpful": body["helpful"], "answer_index": body["answer_index"]}
        try:
            await app.ctx.rasa.set_slot(body["sender"], FEEDBACK_SLOT, value)
        except RasaUnavailable as error:
            logger.error("Feedback not stored: %s", error)
            return _message(502, "The assistant's server could not store the feedback. Please try again later.")
        return response.empty()

    @app.route("/conversations/<sender:str>", methods=["DELETE", "OPTIONS"])
    async def delete_conversation(request: Request, sender: str) -> HTTPResponse:
        if request.method == "OPTIONS":
            return _preflight("DELETE")
        if not SENDER.fullmatch(sender):
            return _message(400, "The conversation id must be 1 to 128 letters, digits, '.', '_', ':' or '-'.")
        try:
            await app.ctx.rasa.replace_events(sender, [])
            if app.ctx.eraser is not None:
                await app.ctx.eraser.erase(sender)
        except RasaUnavailable as error:
            logger.error("Conversation not erased: %s", error)
            return _message(502, "The assistant's server could not delete the conversation. Please try again later.")
        except Exception:  # noqa: BLE001 - a database error must still give the browser an answer
            logger.exception("Conversation events not deleted from the tracker store")
            return _message(502, "The conversation could not be deleted. Please try again later.")
        return response.empty()

    return app


def _message(status: int, text: str) -> HTTPResponse:
    return response.json({"message": text}, status=status)


def _preflight(method: str) -> HTTPResponse:
    """Answer a browser's CORS preflight (the allowed origin is added by the response middleware)."""
    return response.empty(headers={
        "Access-Control-Allow-Methods": f"{method}, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
    })


def _origin_allowed(request: Request) -> bool:
    """No Origin (not a browser page), the app's own pages, or a listed council site."""
    origin = request.headers.get("origin")
    if not origin:
        return True
    if origin.lower() in request.app.ctx.settings.allowed_origins:
        return True
    return urlsplit(origin).netloc.lower() == (request.host or "").lower()


def _feedback_body(request: Request) -> Tuple[Dict[str, Any], Optional[str]]:
    """The feedback body if it is exactly right, else a message saying what is wrong."""
    expected = ('Send a JSON object like {"sender": "<conversation id>", "council": "exampleshire", '
                '"helpful": true, "answer_index": 3}.')
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return {}, f"The body is not valid JSON. {expected}"
    if not isinstance(body, dict):
        return {}, f"The body must be a JSON object. {expected}"
    unknown = sorted(set(body) - FEEDBACK_FIELDS)
    if unknown:
        return body, f"Unknown field(s): {', '.join(unknown)}. {expected}"
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER.fullmatch(sender):
        return body, f"'sender' must be the conversation id: 1 to 128 letters, digits, '.', '_', ':' or '-'. {expected}"
    council = body.get("council")
    if council is not None and (not isinstance(council, str) or not re.fullmatch(r"[a-z0-9-]{1,64}", council)):
        return body, f"'council' must be a council slug such as 'exampleshire'. {expected}"
    if not isinstance(body.get("helpful"), bool):
        return body, f"'helpful' must be true or false. {expected}"
    index = body.get("answer_index")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index <= MAX_ANSWER_INDEX:
        return body, f"'answer_index' must be a whole number from 0 to {MAX_ANSWER_INDEX}. {expected}"
    return body, None


def _demo_page(request: Request, app: Sanic, slug: str) -> HTTPResponse:
    """The demo Local Offer page, embedding the widget exactly as a council would."""
    settings: Settings = app.ctx.settings
    registry: CouncilRegistry = app.ctx.registry
    council = registry.councils[slug]
    base = f"{request.scheme}://{request.host}"
    attributes = {
        "src": f"{base}/webchat/widget.js",
        "data-server": settings.rasa_public_url,
        "data-council": slug,
        "data-title": WIDGET_TITLE,
        "data-sendiass": _sendiass_text(council),
    }
    if council.privacy_notice_url:
        attributes["data-privacy-url"] = council.privacy_notice_url
    snippet = "<script " + "\n        ".join(
        f'{key}="{_attribute(value)}"' for key, value in attributes.items()
    ) + "\n        defer></script>"
    nonce = secrets.token_urlsafe(16)
    html = app.ctx.templates.get_template("demo.html").render(
        council=council,
        local=isinstance(council, LocalCouncil),
        councils=[registry.councils[s] for s in registry.slugs],
        attributes=attributes,
        snippet=snippet,
        nonce=nonce,
    )
    rasa = urlsplit(settings.rasa_public_url)
    policy = "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        f"style-src 'self' 'nonce-{nonce}'",
        f"connect-src 'self' {rasa.scheme}://{rasa.netloc}",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
    return response.html(html, headers={"Content-Security-Policy": policy, "Cache-Control": "no-store"})


def _sendiass_text(council: Any) -> str:
    """The route to a person the widget shows when the assistant cannot be reached."""
    if isinstance(council, LocalCouncil):
        return f"{council.sendiass.name}: {council.sendiass.phone}"
    return f"your local SENDIASS (find it at {council.find_your_sendiass_url})"


def _attribute(value: str) -> str:
    """Escape a value for the snippet shown on the page, as it would be typed into HTML."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
