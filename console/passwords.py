"""Salted password hashes for staff accounts: hashlib.scrypt, stored as one string.

Format: `scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>`. scrypt is deliberately slow and
memory-hungry, so a stolen accounts file cannot be tried against millions of guesses cheaply;
the parameters travel with each hash so they can be raised later without breaking old ones.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Optional

N, R, P = 2 ** 14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
# Bounds on parameters read from configuration, so a mistyped hash cannot make sign-in take
# minutes or gigabytes (scrypt needs 128 * n * r bytes).
MAX_N = 2 ** 20
MAX_R = 16
MAX_P = 4
HOW_TO_MAKE_ONE = "make one with: .venv/bin/python -m console.hash_password"


@dataclass(frozen=True)
class PasswordHash:
    """A parsed `scrypt$...` string."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def matches(self, password: str) -> bool:
        """Whether `password` gives this hash, compared in constant time."""
        candidate = _scrypt(password, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(candidate, self.digest)


def hash_password(password: str) -> str:
    """A new `scrypt$...` string for `password`, with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, N, R, P, HASH_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def parse_hash(text: str) -> Optional[PasswordHash]:
    """The parsed hash, or None when `text` is not a well-formed `scrypt$n$r$p$salt$hash`."""
    parts = text.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(part.isdigit() for part in parts[1:4]):
        return None
    n, r, p = (int(part) for part in parts[1:4])
    if n < 2 or n > MAX_N or n & (n - 1) or not 1 <= r <= MAX_R or not 1 <= p <= MAX_P:
        return None
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or len(digest) < 16:
        return None
    return PasswordHash(n=n, r=r, p=p, salt=salt, digest=digest)



def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Checked against when a username is unknown, so a wrong username takes as long as a wrong password.
DUMMY_HASH = parse_hash(hash_password(secrets.token_urlsafe(16)))
