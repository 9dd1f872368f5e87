"""A broken council file stops the action server at start-up, naming the file and field."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.servers import Servers


def test_broken_council_file_stops_the_action_server(tmp_path: Path) -> None:
    councils = tmp_path / "councils"
    shutil.copytree(ROOT / "councils", councils)
    broken = councils / "exampleshire.yml"
    broken.write_text(broken.read_text().replace("phone: 01632 960101", "phone: call us"))
    servers = Servers(workdir=tmp_path, env_overrides={"SEN_COUNCILS_DIR": str(councils)})
    with pytest.raises(RuntimeError):
        servers.start_actions()
    servers.actions_process.wait(timeout=60)
    log = (tmp_path / "actions.log").read_text()
    assert servers.actions_process.returncode != 0
    assert "The action server cannot start" in log
    assert "exampleshire.yml" in log and "sendiass.phone" in log
