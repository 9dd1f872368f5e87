"""Start the action server: rasa-sdk's own app, with every /webhook call checked first.

Run it as `python -m actions.server` (scripts/run.sh does). rasa-sdk 3.6.2's server, as
started by `rasa run actions`, answers a call of the wrong shape (no tracker, a number for
the version, a list for a body), a wrong URL or a wrong method with a 500 that echoes the
whole request (a parent's messages) back, accepts 100 MB bodies and listens on every
network interface. This launcher builds the same app with rasa_sdk.endpoint.create_app,
so valid calls run exactly as before, and adds:

- a check of each call's shape before any action runs (actions/action_call.py): a 400
  with a sentence naming what is wrong; an unknown action is rasa-sdk's own 404;
- a body size limit, also on deflate-compressed bodies once decompressed: 413;
- JSON errors that never echo the request, for every failure;
- 127.0.0.1 as the default interface, so only the Rasa server on the same host reaches it.

Options, each with an environment variable as its default: --port (ACTIONS_PORT, 5055),
--interface (ACTIONS_INTERFACE, 127.0.0.1), --max-body-bytes (ACTIONS_MAX_BODY_BYTES,
10 MB), and rasa-sdk's own (--cors, --ssl-*, --log-file; -v/-vv/--quiet, else LOG_LEVEL).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import zlib
from typing import Any, List, Optional, Union

from sanic import Sanic, response
from sanic.exceptions import InvalidUsage, PayloadTooLarge, SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.action_call import problem_in_action_call
from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager

logger = logging.getLogger(__name__)

# Each call carries the domain and the current session's events, about 4 KB per turn
# (measured): 10 MB is some 2,000 turns, far above any real session, and a tenth of Sanic's
# default.
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
WEBHOOK = "/webhook"


def read_action_call(request: Request, max_body_bytes: int) -> Any:
    """The JSON body, parsed as rasa-sdk's webhook will parse it.

    rasa-sdk decompresses a deflate body (Rasa sends one when COMPRESS_ACTION_SERVER_REQUEST
    is set) with no size limit; here it must be one whole stream within the limit.
    Raises InvalidUsage (400) for a body that is empty, not JSON or not a whole deflate
    stream, and PayloadTooLarge (413) for one that decompresses past the limit.
    """
    deflated = request.headers.get("Content-Encoding") == "deflate"
    body = inflate(request.body, max_body_bytes) if deflated else request.body
    if not body:
        raise InvalidUsage("The body is empty: send a JSON action call from Rasa.")
    try:
        # request.json keeps what it parsed, so rasa-sdk does not parse the body again.
        return json.loads(body) if deflated else request.json
    except (InvalidUsage, ValueError, RecursionError):
        raise InvalidUsage("The body is not valid JSON (UTF-8): send a JSON action call from Rasa.") from None


def inflate(body: bytes, max_bytes: int) -> bytes:
    """A deflate-compressed body, decompressed without ever holding more than max_bytes."""
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(body, max_bytes)
    except zlib.error:
        raise InvalidUsage("The body says it is deflate-compressed but is not.") from None
    if inflater.unconsumed_tail:
        raise PayloadTooLarge(f"The body is larger than {max_bytes} bytes once decompressed.")
    if not inflater.eof or inflater.unused_data:
        raise InvalidUsage("The body says it is deflate-compressed but is not one whole deflate stream.")
    return inflated


def body_received(request: Request) -> bool:
    """Whether the whole body has arrived.

    Sanic 21.12 runs request middleware again when it answers an error, including one
    raised while the body was still arriving (too large, bad chunking); such a request
    must get that error, not be checked as an empty call.
    """
    return request.stream is not None and not request.stream.request_body


def add_call_checks(app: Sanic, max_body_bytes: int) -> None:
    """Check every webhook call before rasa-sdk runs it, and answer every error in JSON."""
    app.config.REQUEST_MAX_SIZE = max_body_bytes

    @app.on_request
    async def check_action_call(request: Request) -> Optional[HTTPResponse]:
        if request.path != WEBHOOK or request.method != "POST" or not body_received(request):
            return None
        call = read_action_call(request, max_body_bytes)
        problem = problem_in_action_call(call)
        if problem is None:
            return None
        name = call.get("next_action") if isinstance(call, dict) else None
        # Rasa reads `action_name` from a 400 and logs the error as the action's rejection.
        return response.json(
            {"error": problem, "action_name": name if isinstance(name, str) else None}, status=400
        )

    @app.exception(SanicException)
    async def http_error(request: Request, exception: SanicException) -> HTTPResponse:
        message = str(exception)
        if isinstance(exception, PayloadTooLarge) and "decompressed" not in message:
            message = f"The body is larger than the limit of {max_body_bytes} bytes."
        return response.json(
            {"error": message}, status=exception.status_code, headers=getattr(exception, "headers", None)
        )

    # Replaces rasa-sdk's handler, which echoes the whole request (a parent's messages) back.
    @app.exception(Exception)
    async def unexpected_error(request: Request, exception: Exception) -> HTTPResponse:
        logger.error("An action failed on %s %s", request.method, request.path, exc_info=exception)
        return response.json(
            {"error": "The action server hit an unexpected error; it is in the action server's log."},
            status=500,
        )


def build_app(
    actions: str,
    max_body_bytes: int,
    cors_origins: Union[str, List[str], None] = None,
    auto_reload: bool = False,
) -> Sanic:
    """rasa-sdk's app with the checks; plugins attached as rasa_sdk.endpoint.run does."""
    app = create_app(actions, cors_origins=cors_origins, auto_reload=auto_reload)
    add_call_checks(app, max_body_bytes)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    return app


def argument_parser() -> argparse.ArgumentParser:
    """rasa-sdk's options, with defaults from the environment, plus interface and body size."""
    parser = create_argument_parser()
    parser.description = "Start the SEN assistant's action server."
    # argparse converts string defaults with the option's type, so a bad variable is reported.
    # LOG_LEVEL is the variable `rasa run actions` reads too (-v, -vv and --quiet win over it).
    parser.set_defaults(
        actions="actions",
        port=os.environ.get("ACTIONS_PORT", "5055"),
        loglevel=os.environ.get("LOG_LEVEL", "INFO").upper(),
    )
    parser.add_argument(
        "--interface",
        default=os.environ.get("ACTIONS_INTERFACE", "127.0.0.1"),
        help="address to listen on; 0.0.0.0 only when the Rasa server is on another host",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=os.environ.get("ACTIONS_MAX_BODY_BYTES", str(DEFAULT_MAX_BODY_BYTES)),
        help="largest request body accepted, in bytes (also after deflate decompression)",
    )
    return parser


def configure_logging(args: argparse.Namespace) -> None:
    """The same logging as `rasa run actions` (rasa_sdk.__main__.main_from_args)."""
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()


def main() -> None:
    parser = argument_parser()
    args = parser.parse_args()
    if args.max_body_bytes < 1:
        parser.error("--max-body-bytes must be a positive number of bytes")
    configure_logging(args)
    logger.info("Starting action endpoint server...")
    app = build_app(args.actions, args.max_body_bytes, args.cors, args.auto_reload)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    protocol = "https" if ssl_context else "http"
    logger.info(f"Action endpoint is up and running on {protocol}://{args.interface}:{args.port}")
    app.run(args.interface, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
