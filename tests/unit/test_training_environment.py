"""Training runs with the malloc settings that make DIET faster, and glibc accepts them."""
from __future__ import annotations

import glob
import re
import subprocess
from typing import Dict

import pytest

from rasa_training.environment import training_environment


def tunables_glibc_sees(env: Dict[str, str]) -> Dict[str, int]:
    """The malloc tunables as the dynamic loader reads them from `env`."""
    loader = sorted(glob.glob("/lib64/ld-linux*.so.*") + glob.glob("/lib/*/ld-linux*.so.*"))[0]
    listing = subprocess.run(
        [loader, "--list-tunables"], env=env, capture_output=True, text=True, check=True
    ).stdout
    return {
        name: int(value, 16)
        for name, value in re.findall(r"^glibc\.malloc\.(\w+): (0x[0-9a-f]+)", listing, re.M)
    }


def test_glibc_takes_the_training_malloc_settings() -> None:
    seen = tunables_glibc_sees(training_environment())

    assert seen["mmap_threshold"] == 32 * 2**20
    assert seen["trim_threshold"] == 512 * 2**20
    assert seen["top_pad"] == 64 * 2**20


def test_tunables_someone_already_set_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")

    seen = tunables_glibc_sees(training_environment())

    assert seen["arena_max"] == 2
    assert seen["mmap_threshold"] == 32 * 2**20


def test_training_is_quiet_and_sends_no_telemetry() -> None:
    env = training_environment()

    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "2"
