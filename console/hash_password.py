"""Make a password hash for a staff account: `python -m console.hash_password`.

It asks for the password twice (nothing is shown or stored) and prints one line to put in the
accounts file (CONSOLE_ACCOUNTS) or in CONSOLE_PASSWORD_HASH.
"""
from __future__ import annotations

import getpass
import sys

from console.passwords import hash_password

MIN_LENGTH = 12


def main() -> int:
    password = getpass.getpass("New password for the staff console (at least 12 characters): ")
    if len(password) < MIN_LENGTH:
        print(f"That password is shorter than {MIN_LENGTH} characters; nothing was made.", file=sys.stderr)
        return 1
    if getpass.getpass("The same password again: ") != password:
        print("The two passwords differ; nothing was made.", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    sys.exit(main())
