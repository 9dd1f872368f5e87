"""Fixtures for the browser tests: the web app beside the session's real servers, and a runner for
the Node scripts that drive Debian's Chromium through playwright-core.

The browser tools come from scripts/install_browser.sh (`make test` runs it first). The action
server and Rasa server are the session's `servers` fixture (tests/conftest.py), started once.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest

from tests.browser.helpers import ARTIFACTS, BrowserRun, WebApp
from tests.support.servers import Servers, free_port, run_python_module, terminate

BROWSER_DIR = Path(__file__).resolve().parent
NODE_MODULES = BROWSER_DIR / "node_modules"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCRIPT_TIMEOUT = 150


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium, or the web app, against the real servers")


def _require_browser_tools() -> None:
    missing: List[str] = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM}")
    for package in ("playwright-core", "axe-core"):
        if not (NODE_MODULES / package / "package.json").exists():
            missing.append(f"the npm package {package} in {NODE_MODULES}")
    if shutil.which("node") is None:
        missing.append("Node.js (node)")
    if missing:
        pytest.fail("Missing browser tools: " + "; ".join(missing) + ". Run scripts/install_browser.sh "
                    "(make test does it for you).")


def _rasa_sends_cors(rasa_url: str, origin: str) -> bool:
    """Whether Rasa answers a browser's preflight from `origin` (it does when run with --cors)."""
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin") in (origin, "*")
    except urllib.error.URLError:
        return False


@pytest.fixture(scope="session")
def webapp(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    """`python -m webapp` on a free port, talking to the session's Rasa and its SQLite store."""
    _require_browser_tools()
    port = free_port()
    log = Path(tmp_path_factory.mktemp("webapp")) / "webapp.log"
    env = servers.env()
    env.update(WEBAPP_HOST="127.0.0.1", WEBAPP_PORT=str(port), RASA_URL=servers.rasa_url)
    env.pop("ALLOWED_ORIGINS", None)
    env.pop("RASA_PUBLIC_URL", None)
    url = f"http://127.0.0.1:{port}"
    process = run_python_module("webapp", env, log, f"{url}/health", timeout=60)
    yield WebApp(url=url, process=process, log=log)
    terminate(process, timeout=20)


@pytest.fixture(scope="session")
def browser(servers: Servers, webapp: WebApp):
    """Run one Node script in tests/browser against the real servers; return its JSON result."""
    ARTIFACTS.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(
        WEBAPP_URL=webapp.url,
        RASA_URL=servers.rasa_url,
        RASA_CORS_SHIM="0" if _rasa_sends_cors(servers.rasa_url, webapp.url) else "1",
        ARTIFACTS_DIR=str(ARTIFACTS),
        CHROMIUM=str(CHROMIUM),
    )

    def run(script: str, *args: str, extra_env: Optional[Dict[str, str]] = None) -> BrowserRun:
        completed = subprocess.run(
            ["node", str(BROWSER_DIR / script), *args], cwd=BROWSER_DIR, capture_output=True, text=True,
            env={**env, **(extra_env or {})}, timeout=SCRIPT_TIMEOUT,
        )
        lines = [line for line in completed.stdout.splitlines() if line.strip()]
        try:
            result = json.loads(lines[-1]) if lines else {}
        except json.JSONDecodeError:
            result = {"error": f"no JSON result; stdout ended: {completed.stdout[-2000:]}"}
        return BrowserRun(completed.returncode, result, completed.stderr[-4000:])

    return run
