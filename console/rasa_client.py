"""What the console asks the running assistant: how it reads a message, and what it answers.

Builds on the web app's client (webapp/rasa_api.py): same token, timeouts and plain-words
`RasaUnavailable` errors when Rasa is down.
"""
from __future__ import annotations

from typing import Any, Dict, List

from webapp.rasa_api import RasaApi, RasaUnavailable

__all__ = ["ConsoleRasaApi", "RasaUnavailable"]


class ConsoleRasaApi(RasaApi):
    """Rasa's `/model/parse` and the REST webhook parents' messages go through."""

    async def parse(self, text: str) -> Dict[str, Any]:
        """The model's reading of `text`: intent, confidence, ranking, entities."""
        reading = await self._request("POST", f"{self.base_url}/model/parse", {"text": text}, read_json=True)
        if not isinstance(reading, dict) or not isinstance(reading.get("intent"), dict):
            raise RasaUnavailable(f"Rasa at {self.base_url} gave an unexpected reply to /model/parse")
        return reading

    async def send(self, sender: str, text: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Send a message exactly as the widget does; return the replies a parent would see."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        replies = await self._request("POST", f"{self.base_url}/webhooks/rest/webhook", body, read_json=True)
        if not isinstance(replies, list):
            raise RasaUnavailable(f"Rasa at {self.base_url} gave an unexpected reply to the webhook")
        return [reply for reply in replies if isinstance(reply, dict)]
