"""Run the web app: `python -m webapp` (settings from the environment, see webapp/config.py)."""
from __future__ import annotations

import sys

from actions.councils.config import CouncilConfigError
from webapp.app import create_app
from webapp.config import Settings, SettingsError


def main() -> int:
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, CouncilConfigError) as error:
        print(error, file=sys.stderr)
        return 2
    # No access log: its lines would hold conversation ids (DELETE /conversations/<id>).
    app.run(host=settings.host, port=settings.port, access_log=False, motd=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
