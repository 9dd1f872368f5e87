"""Lay out the assistant's replies the way the web widget shows them to a parent.

Rasa's REST channel sends one message per paragraph; the widget (webchat/widget.js,
groupReplies) joins paragraphs into one bubble up to the message that carries buttons, and
shows all the buttons once, below the bubbles. Special content (the meeting question list)
gets a bubble of its own.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple


def widget_layout(replies: List[Dict[str, Any]]) -> Tuple[List[Dict[str, Any]], List[str]]:
    """(bubbles, button titles): each bubble is {"text": ...} or {"custom": ...}."""
    bubbles: List[Dict[str, Any]] = []
    texts: List[str] = []
    buttons: List[str] = []

    def flush() -> None:
        if texts:
            bubbles.append({"text": "\n\n".join(texts)})
            texts.clear()

    for reply in replies:
        if reply.get("custom"):
            flush()
            bubbles.append({"custom": reply["custom"]})
        elif isinstance(reply.get("text"), str):
            texts.append(reply["text"])
        titles = [button.get("title") for button in reply.get("buttons") or [] if isinstance(button, dict)]
        if titles:
            buttons.extend(str(title) for title in titles if isinstance(title, str))
            flush()
    flush()
    return bubbles, buttons
