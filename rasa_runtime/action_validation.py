"""Validate custom action replies with a schema checker built once, not on every call.

Rasa 3.6 checks every reply from the action server with `jsonschema.validate(reply, spec)`
(rasa/core/actions/action.py, `RemoteAction._validate_action_result`). That helper first
re-checks the *schema itself* against the JSON Schema 2020-12 meta-schema, every time:
about 30-60 ms of CPU per custom action on our 2-core machine, against about 2 ms for the
validation proper. Every new conversation runs our `action_session_start`, so this one
line was a third of the Rasa server's busy time under load (py-spy, `make bench`).

The replacement uses the same schema, the same validator class and raises the same
`ValidationError` with the same explanation, so a bad reply from the action server is
refused exactly as before.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

import jsonschema
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _reply_validator() -> Any:
    """Rasa's own reply schema, checked once, with the validator class it would pick."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """Same contract as Rasa's method: True, or ValidationError with Rasa's explanation."""
    try:
        _reply_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    """Make every RemoteAction use the validator built once."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[assignment]
