"""What the session-apps check works with: the apps found (each with the version it reported
and where it was read) and the versions table handed to the run, with the run's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from readiness.lifecycle import Table

EXPECTED = "every video-call app and browser found at the newest version the table knows"
# A version equal to the newest in the table is taken as current only while the table is
# this fresh: browsers ship security fixes every week or two.
TRUST_DAYS = 35

NAMES = {
    "zoom": "Zoom", "teams": "Microsoft Teams", "teams_classic": "Microsoft Teams classic",
    "skype": "Skype", "chrome": "Google Chrome", "edge": "Microsoft Edge",
    "firefox": "Firefox", "safari": "Safari",
}


@dataclass(frozen=True)
class Found:
    """One installed app: its table product, the version it reports, and where it was read."""

    product: str
    version: str
    where: str


@dataclass(frozen=True)
class AppFacts:
    """Every app found, the sources that could not be read, and the table (or why none)."""

    os_key: str
    found: tuple[Found, ...]
    problems: tuple[str, ...]
    table: Table | None
    table_problem: str | None
    today: date
