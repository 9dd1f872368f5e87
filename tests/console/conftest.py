"""The staff console for the tests in this folder: one real process per test module."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.console.support import Console, start_console
from tests.support.servers import Servers


@pytest.fixture(scope="module")
def console(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """`python -m console` on a free port, talking to the session's real Rasa and tracker store."""
    running = start_console(servers, Path(tmp_path_factory.mktemp("console")))
    yield running
    running.stop()
