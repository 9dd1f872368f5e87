"""Render deploy/nginx/sen-assistant.conf.template into a complete nginx.conf.

One renderer for every place nginx runs: docker-compose.yml (a one-off container writes the
file nginx then reads), the scale-out tests and `make load` (nginx as a local process on a free
port). Every value is checked first, because a bad one would otherwise surface as an nginx
syntax error far from its cause, or as a hole in the config (an origin ending the `map` early).

    python -m deploy.render_nginx --rasa rasa-1:5005 --rasa rasa-2:5005 --webapp webapp:8080 \
        --out /etc/nginx/sen/nginx.conf

CORS origins default to the CORS_ORIGINS environment variable, as for Rasa itself.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATE_DIR = Path(__file__).resolve().parent / "nginx"
TEMPLATE = "sen-assistant.conf.template"

_HOST = re.compile(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]")
_SERVER = re.compile(rf"(?:{_HOST.pattern}):\d{{1,5}}")
_LISTEN = re.compile(rf"\d{{1,5}}|{_SERVER.pattern}")
_RATE = re.compile(r"[1-9]\d*r/[sm]")
_SIZE = re.compile(r"[1-9]\d*[km]?")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\[\]:-]+")
_PATH = re.compile(r"/[^\s;{}'\"]*")
_NAME = re.compile(r"[a-z_][a-z0-9_-]*")


@dataclass(frozen=True)
class NginxSettings:
    """What the template needs; the defaults are the production ones (docker-compose.yml)."""

    rasa_servers: Tuple[str, ...]
    webapp_server: str
    listen: str = "80"
    internal_listen: Optional[str] = "8081"
    rate: str = "10r/s"
    burst: int = 20
    max_body: str = "64k"
    cors_origins: Tuple[str, ...] = field(default_factory=tuple)
    runtime_dir: str = "/var/cache/nginx"
    access_log: str = "/dev/stdout"
    error_log: str = "/dev/stderr"
    worker_processes: str = "auto"
    user: Optional[str] = None
    resolver: Optional[str] = None

    def problems(self) -> List[str]:
        """Every value that would break the config or open it up, in plain words."""
        found: List[str] = []
        if not self.rasa_servers:
            found.append("at least one Rasa instance is needed (--rasa HOST:PORT)")
        for server in (*self.rasa_servers, self.webapp_server):
            if not _SERVER.fullmatch(server):
                found.append(f"{server!r} is not HOST:PORT, e.g. rasa-1:5005")
        for listen in filter(None, (self.listen, self.internal_listen)):
            if not _LISTEN.fullmatch(listen):
                found.append(f"listen address {listen!r} must be PORT or HOST:PORT, e.g. 80 or 127.0.0.1:8088")
        if not _RATE.fullmatch(self.rate):
            found.append(f"rate {self.rate!r} must look like 10r/s or 300r/m")
        if self.burst < 1:
            found.append(f"burst {self.burst} must be at least 1")
        if not _SIZE.fullmatch(self.max_body):
            found.append(f"body limit {self.max_body!r} must be a size such as 64k or 1m")
        for origin in self.cors_origins:
            if not _ORIGIN.fullmatch(origin):
                found.append(f"CORS origin {origin!r} must be scheme://host[:port], e.g. https://www.exampleshire.gov.uk")
        for path in (self.runtime_dir, self.access_log, self.error_log):
            if not _PATH.fullmatch(path):
                found.append(f"{path!r} must be an absolute path without spaces, quotes or ; {{ }}")
        if not (self.worker_processes == "auto" or self.worker_processes.isdigit()):
            found.append(f"worker processes {self.worker_processes!r} must be a number or auto")
        if self.user is not None and not _NAME.fullmatch(self.user):
            found.append(f"user {self.user!r} is not a user name")
        if self.resolver is not None and not _HOST.fullmatch(self.resolver):
            found.append(f"resolver {self.resolver!r} must be a DNS server address, e.g. 127.0.0.11")
        return found


def render(settings: NginxSettings) -> str:
    """The nginx.conf text for `settings`; ValueError lists every problem with them."""
    problems = settings.problems()
    if problems:
        raise ValueError("Cannot render the nginx config:\n" + "\n".join(f"- {p}" for p in problems))
    environment = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), undefined=StrictUndefined,
                              keep_trailing_newline=True, autoescape=False)
    return environment.get_template(TEMPLATE).render(**vars(settings))


def _arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", action="append", default=[], metavar="HOST:PORT", help="a Rasa instance (repeat)")
    parser.add_argument("--webapp", required=True, metavar="HOST:PORT", help="the web app")
    parser.add_argument("--listen", default=NginxSettings.listen, help="public address: PORT or HOST:PORT")
    parser.add_argument("--internal-listen", default=NginxSettings.internal_listen,
                        help="address of Rasa's HTTP API for the web app; '' for none")
    parser.add_argument("--rate", default=NginxSettings.rate, help="requests per client address, e.g. 10r/s")
    parser.add_argument("--burst", type=int, default=NginxSettings.burst, help="requests allowed at once above the rate")
    parser.add_argument("--max-body", default=NginxSettings.max_body, help="largest request body, e.g. 64k")
    parser.add_argument("--cors-origins", default=os.environ.get("CORS_ORIGINS", ""),
                        help="space-separated council sites (default: $CORS_ORIGINS)")
    parser.add_argument("--runtime-dir", default=NginxSettings.runtime_dir, help="pid file and temporary files")
    parser.add_argument("--access-log", default=NginxSettings.access_log)
    parser.add_argument("--error-log", default=NginxSettings.error_log)
    parser.add_argument("--worker-processes", default=NginxSettings.worker_processes)
    parser.add_argument("--user", default=None, help="user the worker processes run as, e.g. nginx")
    parser.add_argument("--resolver", default=None,
                        help="DNS server to look instance names up again, e.g. 127.0.0.11 in Docker (nginx 1.27.3+)")
    parser.add_argument("--out", type=Path, default=None, help="file to write (default: print)")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _arguments(argv)
    settings = NginxSettings(
        rasa_servers=tuple(args.rasa), webapp_server=args.webapp, listen=args.listen,
        internal_listen=args.internal_listen or None, rate=args.rate, burst=args.burst,
        max_body=args.max_body, cors_origins=tuple(args.cors_origins.split()),
        runtime_dir=args.runtime_dir, access_log=args.access_log, error_log=args.error_log,
        worker_processes=args.worker_processes, user=args.user, resolver=args.resolver,
    )
    try:
        text = render(settings)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
