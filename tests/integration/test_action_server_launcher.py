"""The action server (python -m actions.server) is for the Rasa server on the same host only."""
from __future__ import annotations

import socket

import pytest

from tests.support.servers import Servers, get_json

pytestmark = pytest.mark.servers


def this_hosts_network_address() -> str:
    """The address other machines reach this one on (no packet is sent to find it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 80))
        return probe.getsockname()[0]


def test_the_action_server_answers_on_loopback_only_by_default(servers: Servers) -> None:
    assert get_json(f"{servers.actions_url}/health") == {"status": "ok"}
    address = this_hosts_network_address()
    assert not address.startswith("127."), "this host needs a network address for the test to mean anything"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address, servers.actions_port), timeout=5).close()
