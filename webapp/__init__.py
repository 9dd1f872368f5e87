"""The small web app beside the Rasa server: the webchat widget's files, a demo Local Offer page,
and the two things the widget asks of the server besides chatting (feedback on an answer, and
erasing a conversation), done through Rasa's HTTP API so the browser never needs it.

Start it with `python -m webapp` (scripts/run.sh does). Settings come from the environment:
see `webapp.config`.
"""

from webapp.app import create_app
from webapp.config import Settings, SettingsError

__all__ = ["Settings", "SettingsError", "create_app"]
