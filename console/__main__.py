"""Run the staff console: `python -m console` (settings from the environment, see console/config.py).

Every settings problem is printed at once and the process exits with status 2, so a console
with no secret key or no staff accounts never starts.
"""
from __future__ import annotations

import logging
import os
import sys

# Rasa's tracker store module (read through privacy.retention) warns about SQLAlchemy 2.0 on import,
# which would only puzzle staff starting the console.
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from actions.councils.config import CouncilConfigError  # noqa: E402
from console.app import create_app  # noqa: E402
from console.config import Settings, SettingsError  # noqa: E402
from console.database import DatabaseUnavailable  # noqa: E402


def main() -> int:
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, CouncilConfigError, DatabaseUnavailable) as error:
        print(error, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print(f"The staff console is at http://{settings.host}:{settings.port}/ (Ctrl-C stops it).", flush=True)
    # No access log: its lines would hold the questions staff look up (GET /answers?q=...).
    app.run(host=settings.host, port=settings.port, access_log=False, motd=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
