"""Reference data a run decides with: tables that ship with Readiness (or that the user
refreshed), as opposed to facts about the machine.

The composition root (``readiness.engine``) loads them once and hands them to the run; checks
read them through ``CheckContext.reference`` and never open files themselves. Each table is
recorded in the report with its own date and its origin, so a result can be read against the
data it was decided with, and a replayed run decides with what it is handed, never with a
file of the machine it replays on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

EOL = "eol"  # the operating-system end-of-life table (readiness.lifecycle.Table)
REMOTE_TOOLS = "remote_access_tools"  # the curated list of remote-access tools (raw JSON)
VERSIONS = "app_versions"  # current versions of the video apps and browsers (lifecycle.Table)

TOOLS_MAX_BYTES = 1024 * 1024


class ReferenceDataError(Exception):
    """A reference table could not be read; the message says why."""


@dataclass(frozen=True)
class Reference:
    """One table: its data (``None`` when it could not be loaded), where it came from
    ("bundled", "refreshed", "none", or what a test says), the date it speaks for, and why
    another copy was not used or why there is none."""

    name: str
    data: Any
    origin: str
    dated: str = ""
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None

    def to_json(self) -> dict[str, str]:
        out = {"name": self.name, "origin": self.origin, "dated": self.dated}
        if self.problem:
            out["problem"] = self.problem
        return out


class ReferenceData:
    """The reference tables of one run, by name."""

    def __init__(self, items: Iterable[Reference] = ()) -> None:
        self._items = {r.name: r for r in items}

    def __iter__(self) -> Iterator[Reference]:
        return iter(self._items[k] for k in sorted(self._items))

    def get(self, name: str) -> Reference:
        """The table called ``name``, or an empty one saying it was not given to this run."""
        found = self._items.get(name)
        if found is not None:
            return found
        return Reference(name, None, "none", problem="not given to this run")

    def to_json(self) -> list[dict[str, str]]:
        return [r.to_json() for r in self]


def load_eol() -> Reference:
    from readiness import lifecycle

    try:
        table = lifecycle.load()
    except lifecycle.LifecycleError as exc:
        return Reference(EOL, None, "none", problem=str(exc))
    return Reference(EOL, table, table.origin, table.fetched_at, table.problem)


def load_remote_tools(path: Any = None) -> Reference:
    """The bundled tool list as JSON (the check validates its shape); ``path`` for tests."""
    from pathlib import Path

    from readiness.files import read_json
    from readiness.paths import assets_dir

    target = Path(path) if path is not None else assets_dir() / "remote_access" / "tools.json"
    try:
        data = read_json(target, ReferenceDataError, missing="{path} does not exist",
                         unreadable="cannot read the remote-access tool list ({exc})",
                         invalid="the remote-access tool list cannot be used: {exc}",
                         max_bytes=TOOLS_MAX_BYTES, max_depth=8)
    except ReferenceDataError as exc:
        return Reference(REMOTE_TOOLS, None, "none", problem=str(exc))
    dated = data.get("updated") if isinstance(data, dict) else None
    return Reference(REMOTE_TOOLS, data, "bundled", dated if isinstance(dated, str) else "")


def load_versions() -> Reference:
    from readiness import versions

    try:
        table = versions.load()
    except versions.VersionsError as exc:
        return Reference(VERSIONS, None, "none", problem=str(exc))
    return Reference(VERSIONS, table, table.origin, table.fetched_at, table.problem)


def load() -> ReferenceData:
    """Every table a run may use, each as its best available copy."""
    return ReferenceData([load_eol(), load_remote_tools(), load_versions()])
