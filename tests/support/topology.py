"""The production topology of docker-compose.yml, run as local processes on this machine.

nginx (deploy/render_nginx.py's config) in front of N Rasa instances started the production way
(scripts/rasa_server.sh with SEN_PROFILE=production: PostgreSQL tracker store, the shared Redis
lock store, an API token), one action server bound to loopback, and the web app. Used by the
scale-out tests (tests/scaleout/) and by the load benchmark (bench/load.py).

Every run gets a database of its own on the local PostgreSQL (tests/support/databases.py) and a
Redis key prefix of its own, so runs never see each other's conversations or locks.
"""
from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import redis

from deploy.render_nginx import NginxSettings, render
from tests.support.paths import MODEL, ROOT
from tests.support.servers import (Servers, free_port, get_json, post_json, run_python_module, spawn_logged,
                                   terminate, wait_until_up)

REDIS_HOST = "127.0.0.1"
REDIS_PORT = 6379
REDIS_DB = 1
COUNCIL_SITE = "https://www.exampleshire.gov.uk"
START_TIMEOUT = 300


def nginx_binary() -> str:
    """nginx as scripts/install_nginx.sh leaves it (Debian puts it in /usr/sbin)."""
    return os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


def redis_client() -> redis.Redis:
    """The Redis the lock store uses, as the lock store reaches it."""
    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)


@dataclass
class RasaInstance:
    """One Rasa server started by scripts/rasa_server.sh, as each container does."""

    name: str
    workdir: Path
    env: Dict[str, str]
    port: int = field(default_factory=free_port)
    process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def spawn(self) -> None:
        """Start the process; `wait_ready` waits for the model to load."""
        env = dict(self.env, RASA_PORT=str(self.port))
        self.process = spawn_logged([str(ROOT / "scripts" / "rasa_server.sh")], self.log, env)

    def wait_ready(self) -> None:
        assert self.process is not None
        try:
            wait_until_up(f"{self.url}/webhooks/rest/", self.process, self.name, timeout=START_TIMEOUT)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; its log:\n{self.log.read_text()[-3000:]}") from None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """Kill -9: no goodbye, as when a machine or container dies."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        terminate(self.process)


@dataclass
class Topology:
    """nginx + N Rasa instances + action server + web app, on PostgreSQL and Redis."""

    workdir: Path
    database_url: str
    instances: int = 2
    rate: str = NginxSettings.rate
    burst: int = NginxSettings.burst
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    redis_key_prefix: str = field(default_factory=lambda: f"scaleout{secrets.token_hex(4)}")
    public_port: int = field(default_factory=free_port)
    internal_port: int = field(default_factory=free_port)
    webapp_port: int = field(default_factory=free_port)
    actions: Optional[Servers] = None
    rasa: List[RasaInstance] = field(default_factory=list)
    webapp: Optional[subprocess.Popen] = None
    nginx: Optional[subprocess.Popen] = None

    @property
    def public_url(self) -> str:
        """nginx's public side: what a parent's browser reaches."""
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def internal_url(self) -> str:
        """nginx's internal side: Rasa's HTTP API, for the web app."""
        return f"http://127.0.0.1:{self.internal_port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "nginx" / "access.log"

    def production_env(self) -> Dict[str, str]:
        """The environment docker-compose.yml's env file gives every container."""
        assert self.actions is not None
        env = dict(os.environ)
        env.update(
            SEN_PROFILE="production",
            TRACKER_DB_URL=self.database_url,
            LOCK_STORE_TYPE="locking.SharedRedisLockStore",
            REDIS_HOST=REDIS_HOST, REDIS_PORT=str(REDIS_PORT), REDIS_DB=str(REDIS_DB), REDIS_PASSWORD="",
            REDIS_KEY_PREFIX=self.redis_key_prefix,
            RASA_AUTH_TOKEN=self.token, RASA_ENABLE_API="true", RASA_INTERFACE="127.0.0.1",
            RASA_MODEL=str(MODEL),
            CORS_ORIGINS=COUNCIL_SITE, ALLOWED_ORIGINS=COUNCIL_SITE,
            ACTION_SERVER_URL=f"{self.actions.actions_url}/webhook",
            TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false",
        )
        return env

    def start(self) -> "Topology":
        """Start everything, the Rasa instances side by side; returns when nginx answers."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.actions is None:
            self.actions = Servers(workdir=self.workdir / "actions", env_overrides={"ACTIONS_INTERFACE": "127.0.0.1"})
            self.actions.workdir.mkdir(parents=True, exist_ok=True)
        self.actions.start_actions()
        if not self.rasa:
            self.rasa = [RasaInstance(f"rasa-{n}", self.workdir, self.production_env())
                         for n in range(1, self.instances + 1)]
        self.start_rasa(self.rasa)
        self._start_webapp()
        self._start_nginx()
        return self

    def start_rasa(self, instances: List[RasaInstance]) -> None:
        for instance in instances:
            instance.spawn()
        for instance in instances:
            instance.wait_ready()

    def ensure_all_running(self) -> None:
        """Start again any Rasa instance a test has killed."""
        self.start_rasa([instance for instance in self.rasa if not instance.is_running()])

    def _start_webapp(self) -> None:
        env = self.production_env()
        env.update(WEBAPP_HOST="127.0.0.1", WEBAPP_PORT=str(self.webapp_port), RASA_URL=self.internal_url,
                   RASA_TOKEN=self.token)
        self.webapp = run_python_module("webapp", env, self.workdir / "webapp.log",
                                        f"http://127.0.0.1:{self.webapp_port}/health", timeout=60)

    def nginx_settings(self) -> NginxSettings:
        runtime = self.workdir / "nginx"
        return NginxSettings(
            rasa_servers=tuple(f"127.0.0.1:{instance.port}" for instance in self.rasa),
            webapp_server=f"127.0.0.1:{self.webapp_port}",
            listen=f"127.0.0.1:{self.public_port}", internal_listen=f"127.0.0.1:{self.internal_port}",
            rate=self.rate, burst=self.burst, cors_origins=(COUNCIL_SITE,),
            runtime_dir=str(runtime), access_log=str(self.access_log), error_log=str(runtime / "error.log"),
            worker_processes="1", user="root" if os.geteuid() == 0 else None,
        )

    def _start_nginx(self) -> None:
        runtime = self.workdir / "nginx"
        runtime.mkdir(parents=True, exist_ok=True)
        config = runtime / "nginx.conf"
        config.write_text(render(self.nginx_settings()), encoding="utf-8")
        self.nginx = spawn_logged([nginx_binary(), "-c", str(config), "-p", str(runtime), "-g", "daemon off;"],
                                  runtime / "stderr.log", cwd=runtime)
        wait_until_up(f"{self.public_url}/health", self.nginx, "nginx", timeout=30)

    def stop(self) -> None:
        """Stop every process, nginx first so nothing new comes in."""
        terminate(self.nginx)
        terminate(self.webapp)
        for instance in self.rasa:
            instance.stop()
        if self.actions is not None:
            self.actions.stop()

    def restart(self) -> None:
        """Stop every process and start them all again, on the same ports and stores."""
        self.stop()
        self.start()

    def clear_locks(self) -> None:
        """Remove this run's keys from Redis (normally none are left)."""
        client = redis_client()
        for key in client.scan_iter(match=f"{self.redis_key_prefix}:*"):
            client.delete(key)

    def send(self, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """One parent message through nginx, as the widget sends it."""
        body: Dict[str, Any] = {"sender": sender, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        return post_json(f"{self.public_url}/webhooks/rest/webhook", body, timeout=120)

    def tracker(self, sender: str) -> Dict[str, Any]:
        """The stored conversation, through Rasa's API on nginx's internal side."""
        query = urllib.parse.urlencode({"token": self.token})
        return get_json(f"{self.internal_url}/conversations/{urllib.parse.quote(sender)}/tracker?{query}")

    def webhook_upstreams(self) -> List[str]:
        """Which instance (host:port) answered each webhook request so far, from nginx's access log.

        nginx logs every instance it tried ("A, B" when A was down); the last one answered.
        """
        return [line.split(" upstream=", 1)[1].split(" upstream_status=", 1)[0].split(",")[-1].strip()
                for line in self.access_log.read_text().splitlines() if " /webhooks/rest/webhook " in line]


@dataclass(frozen=True)
class Reply:
    """An HTTP answer of any status, for checking refusals as well as successes."""

    status: int
    headers: Dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(url: str, method: str = "GET", body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None,
            source_address: str = "127.0.0.1", timeout: float = 60) -> Reply:
    """One request from `source_address` (any 127.x.y.z: nginx limits each client address on its own)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout,
                                            source_address=(source_address, 0))
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return Reply(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()
