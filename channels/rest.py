"""Rasa's REST channel with the checks a public web page needs on what it receives.

The stock channel reads `sender` and `message` from any JSON body: a list body becomes a
500 error, a message that is not text becomes an empty reply, and a 100,000-character
message is featurized in full. Here a body of the wrong shape gets a 400 that says what is
expected, in JSON whatever the request's content type; control characters and unpaired
surrogates (which crash spaCy, so Rasa answers nothing and logs the message) are dropped;
very long messages are cut to a length no parent's question needs; and only what the
widget sends is kept (conversation id, text, a small metadata object), before anything is
parsed or stored. When answering fails, the log says so without the parent's words.
"""
from __future__ import annotations

import json
import logging
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage, SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.conversation_id import CONVERSATION_ID, CONVERSATION_ID_RULE

MAX_MESSAGE_CHARACTERS = 2_000
MAX_METADATA_CHARACTERS = 2_000
FLAT_VALUES = (str, int, float, bool, type(None))
# Control characters other than tab and newlines, and UTF-16 surrogates, which are never
# text on their own (JSON can smuggle them in as "\ud800").
UNREADABLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
logger = logging.getLogger(__name__)
EXPECTED = 'Send a JSON object like {"sender": "<conversation id>", "message": "<text>"}.'


def _body(req: Request) -> Dict[Text, Any]:
    """The request body, if it is a JSON object."""
    try:
        body = req.json
    except InvalidUsage:
        raise InvalidUsage(f"The body is not valid JSON. {EXPECTED}") from None
    if not isinstance(body, dict):
        raise InvalidUsage(f"The body must be a JSON object. {EXPECTED}")
    return body


async def _error_as_json(request: Request, exception: SanicException) -> HTTPResponse:
    """Sanic would answer an HTML page to a request that is not sent as JSON."""
    return response.json({"status": exception.status_code, "message": str(exception)}, status=exception.status_code)


def without_text_in_logs(
    on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[None]]:
    """Handle a message; if that fails, log why without the parent's words.

    The stock channel logs the message text with any failure (at ERROR, so in every
    production log), and a database error's own message quotes the row it could not write.
    The reply is the same as the stock channel's: whatever was answered before the failure.
    """

    async def handle(message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except CancelledError:
            logger.error("A message was not answered in time; its text is not logged.")
        except Exception as error:  # noqa: BLE001 - the stock channel catches everything here too
            logger.error("A message could not be answered (%s); its text is not logged.", type(error).__name__)
            logger.debug("Why the message could not be answered:", exc_info=True)

    return handle


class ValidatedRestInput(RestInput):
    """The `rest` channel (same URL: /webhooks/rest/webhook), refusing malformed requests."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(without_text_in_logs(on_new_message))
        webhook.exception(SanicException)(_error_as_json)
        return webhook

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not CONVERSATION_ID.fullmatch(sender):
            raise InvalidUsage(f"'sender' must be a conversation id: {CONVERSATION_ID_RULE}. {EXPECTED}")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage(f"'message' must be text. {EXPECTED}")
        return UNREADABLE_CHARACTERS.sub("", message)[:MAX_MESSAGE_CHARACTERS]

    def _extract_input_channel(self, req: Request) -> Text:
        """Always "rest": the stock channel stores whatever the body names, of any type or size."""
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """A flat, small object (the widget sends {"council": <slug>}); it is stored with each message."""
        metadata = _body(request).get("metadata")
        if metadata is None:
            return None
        if (
            not isinstance(metadata, dict)
            or not all(isinstance(value, FLAT_VALUES) for value in metadata.values())
            or len(json.dumps(metadata)) > MAX_METADATA_CHARACTERS
        ):
            raise InvalidUsage(
                f"'metadata' must be an object of text, numbers, true/false or null, at most "
                f'{MAX_METADATA_CHARACTERS} characters long, such as {{"council": "exampleshire"}}.'
            )
        return metadata
