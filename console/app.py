"""The staff console: a separate Sanic app where SENDIASS staff check the assistant.

Routes (every one needs a signed-in member of staff, except sign-in, /health and /static/):
- `GET /`                             what each tool is for
- `GET|POST /sign-in`, `POST /sign-out`
- `GET|POST /try`                     a question answered exactly as a parent sees it, plus the
                                      model's reading; the test conversation is then erased
- `GET /answers?q=&council=`          every answer, per topic, searchable
- `GET|POST /batch`, `GET /batch/<id>`, `GET /batch/<id>/results.csv`   batch test
- `POST /flags`, `GET /flags`, `POST /flags/<id>/resolve`, `GET /flags.csv`
- `GET /unanswered`, `POST /unanswered/export`    unanswered questions -> NLU training data
- `GET /feedback`                     parents' "Was this helpful?" per topic
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple
from urllib.parse import quote

import sqlalchemy as sa
from sanic import Sanic, response
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.councils.config import COUNCILS_DIR, CouncilRegistry, load_councils
from actions.topic_titles import topic_titles
from console import batch
from console.catalogue import catalogue
from console.config import Settings
from console.conversations import STAFF_PREFIX, TrackerStore, answering_actions
from console.database import open_database
from console.feedback import feedback_by_topic
from console.flags import REASONS, FlagStore, check_flag
from console.lockout import SignInGuard
from console.passwords import DUMMY_HASH
from console.rasa_client import ConsoleRasaApi, RasaUnavailable
from console.sessions import COOKIE_NAME, PRE_SESSION_COOKIE, FormRefused, SessionStore
from console.times import readable_time
from console.training_data import load_domain
from console.transcript import widget_layout
from console.unanswered import nlu_yaml, unanswered_questions
from console.web import (
    FieldError, clear_session_cookie, download, form_value, form_values, local_path, message_page, render,
    set_cookie, template_environment,
)

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"console.css": "text/css; charset=utf-8"}
PUBLIC_PATHS = ("/sign-in", "/health", "/static/")
MAX_QUESTION = 2000
# Room for the largest allowed upload plus the form around it.
MAX_REQUEST_BYTES = batch.MAX_BYTES + 64 * 1024
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                           "frame-ancestors 'none'; base-uri 'none'")
RASA_DOWN = "The assistant is not answering at {url}. Check that it is running (make run), then try again."


def create_app(settings: Settings, *, registry: Optional[CouncilRegistry] = None, name: str = "sen_console") -> Sanic:
    """Build the console; opens (and if needed creates) its database at once."""
    registry = registry or load_councils(COUNCILS_DIR)
    engine = open_database(settings.db_url)
    Sanic._app_registry.pop(name, None)
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    app.config.RESPONSE_TIMEOUT = 300  # a batch of 2,000 questions takes about a minute
    app.config.FALLBACK_ERROR_FORMAT = "html"
    app.ctx.settings = settings
    app.ctx.registry = registry
    app.ctx.templates = template_environment()
    app.ctx.sessions = SessionStore(engine, settings.secret_key)
    app.ctx.guard = SignInGuard(engine)
    app.ctx.flags = FlagStore(engine)
    app.ctx.batches = batch.BatchStore(engine)
    app.ctx.tracker = TrackerStore(settings.tracker_db_url)

    @app.before_server_start
    async def open_clients(app: Sanic, _loop: Any) -> None:
        app.ctx.rasa = ConsoleRasaApi(settings.rasa_url, settings.rasa_token)
        await app.ctx.rasa.open()

    @app.after_server_stop
    async def close_clients(app: Sanic, _loop: Any) -> None:
        await app.ctx.rasa.close()
        app.ctx.tracker.close()
        engine.dispose()

    @app.on_request
    async def require_sign_in_and_tokens(request: Request) -> Optional[HTTPResponse]:
        """Every page needs a session; every posted form needs its CSRF and single-use form token."""
        request.ctx.session = app.ctx.sessions.find(request.cookies.get(COOKIE_NAME))
        public = request.path.startswith(PUBLIC_PATHS)
        if request.ctx.session is None and not public:
            if request.method in ("GET", "HEAD"):
                return response.redirect(f"/sign-in?next={_quoted(request)}", status=303)
            return message_page(request, 401, "You are signed out",
                                "Your sign-in has ended, so this was not done. Sign in and try again.",
                                ("/sign-in", "Sign in"))
        if request.method == "POST":
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
                # Sanic stops reading such a body and runs this middleware without it.
                return message_page(request, 413, "The file is too large",
                                    f"Uploads are limited to 1 MB ({batch.MAX_BYTES:,} bytes) and 2,000 questions. "
                                    "Split the file into smaller ones and upload each.",
                                    ("/batch", "Back to the batch test"))
            if request.path == "/sign-in":
                csrf = request.cookies.get(PRE_SESSION_COOKIE) or ""
            else:
                csrf = request.ctx.session.csrf
            try:
                app.ctx.sessions.accept_form(csrf, request.form.get("csrf_token"), request.form.get("form_token"))
            except FormRefused as refused:
                return message_page(request, 403, "This form was not accepted", str(refused))
        return None

    @app.on_response
    async def security_headers(request: Request, reply: HTTPResponse) -> None:
        reply.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        reply.headers.setdefault("X-Content-Type-Options", "nosniff")
        reply.headers.setdefault("Referrer-Policy", "no-referrer")
        reply.headers.setdefault("X-Frame-Options", "DENY")
        if not request.path.startswith("/static/"):
            reply.headers.setdefault("Cache-Control", "no-store")

    @app.exception(NotFound)
    async def not_found(request: Request, _error: Exception) -> HTTPResponse:
        request.ctx.session = app.ctx.sessions.find(request.cookies.get(COOKIE_NAME))
        return message_page(request, 404, "Page not found", "There is no page at this address.", ("/", "Go to the start"))

    @app.get("/health")
    async def health(_request: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/static/<filename:str>")
    async def static_file(_request: Request, filename: str) -> HTTPResponse:
        if filename not in STATIC_FILES:
            raise NotFound("No such file")
        return HTTPResponse((STATIC_DIR / filename).read_bytes(), content_type=STATIC_FILES[filename],
                            headers={"Cache-Control": "public, max-age=300"})

    # --- Signing in and out -----------------------------------------------------------------

    @app.get("/sign-in")
    async def sign_in_page(request: Request) -> HTTPResponse:
        if request.ctx.session is not None:
            return response.redirect("/", status=303)
        return _sign_in_form(request, next_path=local_path(request.args.get("next")),
                             signed_out=request.args.get("signed-out") == "1")

    @app.post("/sign-in")
    async def sign_in(request: Request) -> HTTPResponse:
        username = form_value(request, "username", 64).strip().lower()
        password = form_value(request, "password", 1024)
        next_path = local_path(form_value(request, "next", 600))
        client = request.ip or "unknown"
        if not username or not password:
            errors = ([("username", "Enter your username")] if not username else []) + \
                     ([("password", "Enter your password")] if not password else [])
            return _sign_in_form(request, next_path, status=400, errors=errors, username=username)
        locked_until = app.ctx.guard.locked_until(username, client)
        if locked_until is None:
            account = settings.accounts.get(username)
            checked = account or DUMMY_HASH
            # scrypt takes a tenth of a second on purpose: off the event loop, so others are not kept waiting.
            matches = await asyncio.get_running_loop().run_in_executor(None, checked.matches, password)
            if account is not None and matches:
                app.ctx.guard.clear(username)
                reply = response.redirect(next_path, status=303)
                set_cookie(reply, COOKIE_NAME, app.ctx.sessions.start(username), settings.secure_cookies)
                logger.info("Staff member %s signed in", username)
                return reply
            app.ctx.guard.record_failure(username, client)
            locked_until = app.ctx.guard.locked_until(username, client)
            if locked_until is None:
                return _sign_in_form(request, next_path, status=401, username=username, errors=[
                    ("username", "The username or password is not right. Check them and try again.")])
        logger.warning("Sign-in locked for %s from %s after repeated failures", username, client)
        return _sign_in_form(request, next_path, status=429, username=username, errors=[
            ("username", "There have been too many failed sign-ins, so signing in is locked for 15 minutes "
                         f"to keep accounts safe. Try again after {readable_time(locked_until)} (UK time).")])

    def _sign_in_form(request: Request, next_path: str, status: int = 200, *, errors: Sequence[FieldError] = (),
                      username: str = "", signed_out: bool = False) -> HTTPResponse:
        pre_session = request.cookies.get(PRE_SESSION_COOKIE) or secrets.token_urlsafe(32)
        reply = render(request, "sign_in.html", status, errors=errors, csrf=pre_session, next_path=next_path,
                       username=username, signed_out=signed_out)
        set_cookie(reply, PRE_SESSION_COOKIE, pre_session, settings.secure_cookies)
        return reply

    @app.post("/sign-out")
    async def sign_out(request: Request) -> HTTPResponse:
        app.ctx.sessions.end(request.cookies.get(COOKIE_NAME))
        reply = response.redirect("/sign-in?signed-out=1", status=303)
        clear_session_cookie(reply, settings.secure_cookies)
        return reply

    # --- Home --------------------------------------------------------------------------------

    @app.get("/")
    async def home(request: Request) -> HTTPResponse:
        open_flags = sum(flag.resolved_at is None for flag in app.ctx.flags.all())
        return render(request, "home.html", open_flags=open_flags)

    # --- Try a question ----------------------------------------------------------------------

    @app.get("/try")
    async def try_page(request: Request) -> HTTPResponse:
        return _try_form(request, council=registry.default_slug)

    @app.post("/try")
    async def try_question(request: Request) -> HTTPResponse:
        question = form_value(request, "question", MAX_QUESTION + 1).strip()
        council = form_value(request, "council", 100)
        errors: List[FieldError] = []
        if not question:
            errors.append(("question", "Type the question a parent might ask"))
        elif len(question) > MAX_QUESTION:
            errors.append(("question", f"The question must be {MAX_QUESTION:,} characters or fewer, as in the widget"))
        if council not in registry.councils:
            errors.append(("council", "Choose the council whose website the parent is on"))
        if errors:
            return _try_form(request, status=400, errors=errors, question=question, council=council)
        sender = STAFF_PREFIX + secrets.token_hex(8)
        try:
            reading = await app.ctx.rasa.parse(question)
            replies = await app.ctx.rasa.send(sender, question, {"council": council})
        except RasaUnavailable as error:
            logger.error("Try a question: %s", error)
            return _try_form(request, status=503, question=question, council=council,
                             rasa_down=RASA_DOWN.format(url=settings.rasa_url))
        finally:
            actions_run, erased = await _erase_trial(app, sender)
        bubbles, buttons = widget_layout(replies)
        return _try_form(request, question=question, council=council, reading=reading, bubbles=bubbles,
                         buttons=buttons, actions_run=actions_run, erased=erased)

    def _try_form(request: Request, status: int = 200, **context: Any) -> HTTPResponse:
        return render(request, "try.html", status, councils=_councils(registry), titles=topic_titles(),
                      topics=_topics(), reasons=REASONS, **context)

    # --- Answer catalogue --------------------------------------------------------------------

    @app.get("/answers")
    async def answers(request: Request) -> HTTPResponse:
        query = (request.args.get("q") or "").strip()[:200]
        slug = request.args.get("council") or registry.default_slug
        if slug not in registry.councils:
            slug = registry.default_slug
        topics = catalogue(registry.councils[slug])
        shown = [topic for topic in topics if topic.matches(query)] if query else topics
        return render(request, "answers.html", topics=shown, total=len(topics), query=query, council=slug,
                      councils=_councils(registry), reasons=REASONS)

    # --- Flags -------------------------------------------------------------------------------

    @app.post("/flags")
    async def add_flag(request: Request) -> HTTPResponse:
        fields = {name: form_value(request, name, limit) for name, limit in
                  (("topic", 100), ("answer", 201), ("reason", 20), ("note", 2001), ("question", MAX_QUESTION))}
        errors = check_flag(fields["topic"], fields["answer"], fields["reason"], fields["note"], _topics())
        if errors:
            return render(request, "flag_form.html", 400, errors=errors, topics=_topics(), titles=topic_titles(),
                          reasons=REASONS, **fields)
        flag_id = app.ctx.flags.add(by=request.ctx.session.username, **fields)
        return response.redirect(f"/flags?added={flag_id}", status=303)

    @app.get("/flags")
    async def flags_page(request: Request) -> HTTPResponse:
        flags = app.ctx.flags.all()
        return render(request, "flags.html", open_flags=[f for f in flags if f.resolved_at is None],
                      resolved=[f for f in flags if f.resolved_at is not None], titles=topic_titles(),
                      added=request.args.get("added"), resolved_id=request.args.get("resolved"))

    @app.post("/flags/<flag_id:int>/resolve")
    async def resolve_flag(request: Request, flag_id: int) -> HTTPResponse:
        if not app.ctx.flags.resolve(flag_id, request.ctx.session.username):
            return message_page(request, 404, "Flag not found",
                                "There is no open flag with this number; it may have been resolved already.",
                                ("/flags", "Back to flagged answers"))
        return response.redirect(f"/flags?resolved={flag_id}", status=303)

    @app.get("/flags.csv")
    async def flags_csv(_request: Request) -> HTTPResponse:
        return download(app.ctx.flags.as_csv(), "flagged-answers.csv", "text/csv; charset=utf-8")

    # --- Batch test --------------------------------------------------------------------------

    @app.get("/batch")
    async def batch_page(request: Request) -> HTTPResponse:
        return render(request, "batch.html")

    @app.post("/batch")
    async def batch_upload(request: Request) -> HTTPResponse:
        upload = request.files.get("file") if request.files else None
        filename = (upload.name or "") if upload else ""
        try:
            items = batch.read_upload(filename, upload.body if upload else b"", load_domain().get("intents", []))
            results = await batch.run_batch(items, app.ctx.rasa)
        except batch.UploadProblem as problem:
            return render(request, "batch.html", 400, errors=[("file", text) for text in problem.problems])
        except RasaUnavailable as error:
            logger.error("Batch test: %s", error)
            return render(request, "batch.html", 503, errors=[("file", RASA_DOWN.format(url=settings.rasa_url))])
        run_id = app.ctx.batches.save(filename, request.ctx.session.username, results)
        return response.redirect(f"/batch/{run_id}", status=303)

    @app.get("/batch/<run_id:str>")
    async def batch_result(request: Request, run_id: str) -> HTTPResponse:
        filename, created_at, created_by, results = _stored_run(app, run_id)
        return render(request, "batch_result.html", run_id=run_id, filename=filename, created_at=created_at,
                      created_by=created_by, results=results, summary=batch.summarise(results),
                      titles=topic_titles())

    @app.get("/batch/<run_id:str>/results.csv")
    async def batch_csv(_request: Request, run_id: str) -> HTTPResponse:
        _filename, _created_at, _created_by, results = _stored_run(app, run_id)
        return download(batch.results_csv(results), "batch-test-results.csv", "text/csv; charset=utf-8")

    # --- Unanswered questions ----------------------------------------------------------------

    @app.get("/unanswered")
    async def unanswered(request: Request) -> HTTPResponse:
        return await _unanswered_page(request)

    @app.post("/unanswered/export")
    async def export_unanswered(request: Request) -> HTTPResponse:
        texts = [text for text in form_values(request, "text", MAX_QUESTION) if text.strip()]
        topic = form_value(request, "topic", 100)
        errors: List[FieldError] = []
        if not texts:
            errors.append(("questions", "Select at least one question to add as a training example"))
        if topic not in _topics():
            errors.append(("topic", "Choose the topic that should answer these questions"))
        if errors:
            return await _unanswered_page(request, 400, errors=errors, selected=set(texts), topic=topic)
        return download(nlu_yaml(topic, texts), f"nlu-{topic}.yml", "application/yaml; charset=utf-8")

    async def _unanswered_page(request: Request, status: int = 200, **context: Any) -> HTTPResponse:
        try:
            questions = await app.ctx.tracker.run(unanswered_questions)
        except sa.exc.SQLAlchemyError as error:
            return _tracker_down(request, "unanswered questions", error)
        return render(request, "unanswered.html", status, questions=questions, topics=_topics(),
                      titles=topic_titles(), **context)

    # --- Parents' feedback -------------------------------------------------------------------

    @app.get("/feedback")
    async def feedback(request: Request) -> HTTPResponse:
        try:
            rows = await app.ctx.tracker.run(feedback_by_topic)
        except sa.exc.SQLAlchemyError as error:
            return _tracker_down(request, "parents' feedback", error)
        return render(request, "feedback.html", rows=rows, titles=topic_titles())

    return app


async def _erase_trial(app: Sanic, sender: str) -> Tuple[List[str], bool]:
    """The actions a staff trial ran, then the trial erased, so it never counts as a parent's conversation."""
    tracker: TrackerStore = app.ctx.tracker
    try:
        actions_run = await tracker.run(answering_actions, sender)
        await tracker.erase(sender)
    except sa.exc.SQLAlchemyError:
        logger.exception("The staff trial conversation %s could not be erased", sender)
        return [], False
    return actions_run, True


def _stored_run(app: Sanic, run_id: str) -> tuple:
    stored = app.ctx.batches.load(run_id[:64])
    if stored is None:
        raise NotFound("No such batch test")
    return stored


def _tracker_down(request: Request, what: str, error: Exception) -> HTTPResponse:
    logger.error("Conversation database unreadable: %s", error)
    return message_page(request, 503, "The conversation database cannot be read",
                        f"The {what} come from the assistant's conversation database (TRACKER_DB_URL), "
                        "which cannot be read just now. Check that the database is running, then reload this page.")


def _councils(registry: CouncilRegistry) -> List[tuple]:
    return [(slug, registry.councils[slug].name) for slug in registry.slugs]


def _topics() -> List[str]:
    return list(load_domain().get("intents", []))


def _quoted(request: Request) -> str:
    path = request.path + (f"?{request.query_string}" if request.query_string else "")
    return quote(local_path(path), safe="")
