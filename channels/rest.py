"""Rasa's REST channel with the checks a public web page needs on what it receives.

The stock channel reads `sender` and `message` from any JSON body: a list body becomes a
500 error, a message that is not text becomes an empty reply, and a 100,000-character
message is featurized in full. Here a body of the wrong shape gets a 400 that says what is
expected, control characters are dropped, and very long messages are cut to a length no
parent's question needs, before anything is parsed or stored.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage
from sanic.request import Request

MAX_MESSAGE_CHARACTERS = 2_000
MAX_SENDER_CHARACTERS = 128
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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


class ValidatedRestInput(RestInput):
    """The `rest` channel (same URL: /webhooks/rest/webhook), refusing malformed requests."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARACTERS:
            raise InvalidUsage(f"'sender' must be text of 1 to {MAX_SENDER_CHARACTERS} characters. {EXPECTED}")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage(f"'message' must be text. {EXPECTED}")
        return CONTROL_CHARACTERS.sub("", message)[:MAX_MESSAGE_CHARACTERS]

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None
