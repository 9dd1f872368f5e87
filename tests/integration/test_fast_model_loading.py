"""The Rasa server loads its model without a training step (rasa_runtime/model_loading.py).

It must understand every message exactly as a model loaded Rasa's own way: same topics,
same order, same confidences.
"""
from __future__ import annotations

import json
import subprocess
from typing import Dict, List

import pytest

from console.training_data import examples_by_intent
from tests.support.paths import MODEL, ROOT, VENV_BIN
from tests.support.servers import Servers

pytestmark = pytest.mark.servers

# Rasa's own loading (RasaModel.load with its one training step), in a process of its own.
RASA_WAY = """
import asyncio, json, sys
from rasa.core.agent import Agent

async def main():
    agent = Agent.load(sys.argv[1])
    out = {}
    for text in json.load(sys.stdin):
        parsed = await agent.parse_message(text)
        out[text] = [[i["name"], round(i["confidence"], 5)] for i in parsed["intent_ranking"][:5]]
    print(json.dumps(out))

asyncio.run(main())
"""


def messages() -> List[str]:
    """Two training examples of every topic, plus messages the model never saw."""
    picked = [text for examples in examples_by_intent().values() for text in examples[:2]]
    return picked + ["asdfgh", "my cat likes fish", "Is there anyone who can help me at the meeting next week?"]


def test_the_server_reads_every_message_as_a_model_loaded_rasas_way(servers: Servers) -> None:
    texts = messages()
    rasa_way: Dict[str, list] = json.loads(subprocess.run(
        [str(VENV_BIN / "python"), "-c", RASA_WAY, str(MODEL)], input=json.dumps(texts),
        capture_output=True, text=True, check=True, cwd=ROOT, env=servers.env(),
    ).stdout.splitlines()[-1])
    ours = {
        text: [[i["name"], round(i["confidence"], 5)] for i in servers.parse(text)["intent_ranking"][:5]]
        for text in texts
    }
    assert ours == rasa_way
