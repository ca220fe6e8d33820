"""What the OS-support check works with: the end-of-life table it was handed and each OS's
release facts, read by the gatherers so the decisions stay pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from readiness import lifecycle

WARN_DAYS = 60
EXPECTED = "an operating system release that still gets security updates"


@dataclass(frozen=True)
class Eol:
    """The end-of-life table handed to the run, or why there is none; and the run's date."""

    table: lifecycle.Table | None
    problem: str | None
    today: date


@dataclass(frozen=True)
class WindowsFacts:
    """The registry's CurrentBuild, EditionID and DisplayVersion (None: unreadable)."""

    build: str | None
    edition: str | None
    display: str | None
    eol: Eol


@dataclass(frozen=True)
class MacFacts:
    """ProductVersion and build, and how they were read (or why not, when version is None)."""

    version: str | None
    build: str | None
    how: str
    eol: Eol


@dataclass(frozen=True)
class LinuxFacts:
    """os-release's fields (None: unreadable) and the file they came from."""

    info: dict[str, str] | None
    path: str
    eol: Eol
