"""Fixtures shared by every test: the real servers are started once per test session."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.support.paths import MODEL
from tests.support.servers import Servers


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The action server and Rasa server, running the trained model on a fresh SQLite store."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make test`, which trains it first.")
    running = Servers(workdir=Path(tmp_path_factory.mktemp("servers"))).start()
    yield running
    running.stop()
