"""A Rasa server whose conversation database is unreachable refuses to start, loudly."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.servers import Servers, free_port


def test_unreachable_database_stops_the_server_with_a_clear_message(tmp_path: Path) -> None:
    closed_port = free_port()
    servers = Servers(
        workdir=tmp_path,
        env_overrides={
            "TRACKER_DB_URL": f"postgresql://rasa:secret@127.0.0.1:{closed_port}/rasa",
            "TRACKER_DB_CONNECT_ATTEMPTS": "1",
        },
    )
    try:
        servers.start_rasa()
    except RuntimeError:
        pass
    process = servers.rasa_process
    assert process is not None
    process.wait(timeout=120)
    log = (tmp_path / "rasa.log").read_text()
    assert process.returncode != 0
    assert "Refusing to start: the conversation database" in log
    assert "secret" not in log, "the password is never printed"
    servers.stop()
