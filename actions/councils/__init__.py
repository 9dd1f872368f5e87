"""Per-council settings (one YAML file per council in `councils/`) and the text built from them.

Councils embed the assistant on their own Local Offer sites, so local contacts come from
configuration, not code: see `councils/_template.yml` and `scripts/check_councils.py`.
"""

from actions.councils.config import (
    Council,
    CouncilConfigError,
    CouncilRegistry,
    LocalCouncil,
    NationalDefault,
    load_council_file,
    load_councils,
)
from actions.councils.render import (
    human_handoff_text,
    local_addendum,
    local_contacts_text,
    safeguarding_text,
)

__all__ = [
    "Council",
    "CouncilConfigError",
    "CouncilRegistry",
    "LocalCouncil",
    "NationalDefault",
    "human_handoff_text",
    "load_council_file",
    "load_councils",
    "local_addendum",
    "local_contacts_text",
    "safeguarding_text",
]
