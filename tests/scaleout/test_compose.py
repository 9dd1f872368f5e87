"""docker-compose.yml, read as Docker would (Docker cannot run here; test_scaleout.py runs the same
topology as local processes): what is reachable from outside, and where the secrets come from."""
from __future__ import annotations

import re
import secrets
import subprocess
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from deploy.render_nginx import main as render_nginx
from tests.support.paths import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: Dict[str, Dict[str, Any]] = COMPOSE["services"]
ENV_FILE = "deploy/production.env"
EXAMPLE = ROOT / "deploy" / "production.env.example"


def test_the_production_services_are_all_there() -> None:
    assert {"db", "redis", "rasa-1", "rasa-2", "actions", "webapp", "nginx-config", "nginx"} <= set(SERVICES)
    for name in ("rasa-1", "rasa-2"):
        assert SERVICES[name]["command"] == ["scripts/rasa_server.sh"]
        assert "./models:/app/models:ro" in SERVICES[name]["volumes"], "the model is mounted read-only"


def test_only_nginx_is_reachable_from_outside() -> None:
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"nginx"}
    assert SERVICES["nginx"]["ports"] == ["80:80"]
    assert COMPOSE["networks"]["backend"] == {"internal": True}
    for name, service in SERVICES.items():
        expected = ["frontend", "backend"] if name == "nginx" else ["backend"]
        assert service.get("networks") == expected, name


def test_secrets_come_only_from_the_uncommitted_env_file() -> None:
    for name, service in SERVICES.items():
        if name != "nginx":
            assert service.get("env_file") == ENV_FILE, name
        for key in service.get("environment", {}):
            assert not re.search("PASSWORD|TOKEN|SECRET|_URL$", key) or key == "RASA_URL", f"{name}: {key}"
    ignored = subprocess.run(["git", "check-ignore", "-q", ENV_FILE], cwd=ROOT)
    assert ignored.returncode == 0, f"{ENV_FILE} must be in .gitignore"
    assert ENV_FILE in (ROOT / ".dockerignore").read_text(), "and never copied into the image"


def test_the_example_env_file_once_filled_in_passes_the_production_checks() -> None:
    values = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            values[name] = value.strip('"').replace("CHANGE-ME", secrets.token_hex(32))
    assert values["SEN_PROFILE"] == "production"
    checked = subprocess.run(["bash", "-c", "source scripts/env.sh"], cwd=ROOT, env=values,
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    unfilled = subprocess.run(["bash", "-c", "source scripts/env.sh"], cwd=ROOT, capture_output=True, text=True,
                              env={**values, "REDIS_PASSWORD": "CHANGE-ME"}, timeout=30)
    assert unfilled.returncode != 0, "a placeholder left in is refused"


def test_the_nginx_config_job_renders_a_config_for_both_instances(tmp_path: Path) -> None:
    command = SERVICES["nginx-config"]["command"]
    assert command[:3] == [".venv/bin/python", "-m", "deploy.render_nginx"]
    arguments = command[3:]
    arguments[arguments.index("--out") + 1] = str(tmp_path / "nginx.conf")
    assert render_nginx(arguments) == 0
    config = (tmp_path / "nginx.conf").read_text()
    assert "server rasa-1:5005 max_fails=1 fail_timeout=10s resolve;" in config
    assert "server rasa-2:5005 max_fails=1 fail_timeout=10s resolve;" in config
    assert "listen 80;" in config and "listen 8081;" in config
    assert SERVICES["nginx"]["volumes"] == ["nginx-config:/etc/nginx/sen:ro"]
    assert SERVICES["nginx-config"]["volumes"] == ["nginx-config:/app/var/nginx"]


@pytest.mark.parametrize("line", [
    "FROM python:3.10-slim-bookworm",
    "COPY requirements.txt ./",
    ".venv/bin/python -m pip install --quiet --requirement requirements.txt",
    "USER sen",
])
def test_the_image_is_python_3_10_from_the_lock_file_and_not_root(line: str) -> None:
    assert line in (ROOT / "deploy" / "Dockerfile").read_text()
