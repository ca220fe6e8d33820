"""What the end-of-life table (``readiness.lifecycle``) and the versions table
(``readiness.versions``) share: a dated copy of reference data that ships with the application
and may be refreshed, on the user's request only, into the user data folder.

- ``Table``: one copy, where it came from, and why the other copy was not used (if broken).
- ``load_schema``: the table's JSON schema, read from the assets.
- ``real_date``: a date the schema's pattern lets through but the calendar does not
  ("2026-13-45") is refused; tables are chosen by their dates and checks compare with them.
- ``newest``: the newer valid copy of bundled and refreshed (by ``fetched_at``; the user's copy
  wins a tie), so an application update that ships newer data is not shadowed by an old
  refresh, and a broken user copy never stops a check working.
- ``save``: the table written atomically, refused when it could not be read back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from readiness.files import atomic_write_text, describe_os_error, one_line, read_json

__all__ = ["Table", "load_schema", "newest", "real_date", "save"]


@dataclass(frozen=True)
class Table:
    data: dict[str, Any]
    path: Path
    origin: str  # "bundled" | "refreshed"
    problem: str | None = None  # why the other copy was not used, if it was broken

    @property
    def fetched_at(self) -> str:
        return str(self.data["fetched_at"])

    @property
    def source(self) -> str:
        return str(self.data["source"])

    def as_of(self, product: str) -> str:
        """The date this product's data was known current (a refresh: its fetch date)."""
        return str(self.data.get("as_of", {}).get(product, self.fetched_at))

    def cycles(self, product: str) -> list[dict[str, Any]]:
        return list(self.data["products"].get(product, []))

    def find(self, product: str, cycle: str) -> dict[str, Any] | None:
        for c in self.cycles(product):
            if str(c.get("cycle")).lower() == cycle.lower():
                return c
        return None


def load_schema(path: Path, error: type[Exception]) -> dict[str, Any]:
    data = read_json(path, error, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} cannot be used: {exc}", max_depth=16)
    if not isinstance(data, dict):
        raise error(f"{path} is not a schema")
    return data


def real_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def newest(bundled: Path, user: Path, read: Callable[[Path], dict[str, Any]],
           error: type[Exception], name: str) -> Table:
    """The table to decide with: the newer valid copy of ``bundled`` and ``user``.

    ``read`` reads and validates one copy, raising ``error``; ``name`` ("table", "versions
    table") words the problems."""
    problems: list[str] = []
    found: list[Table] = []
    for path, origin, label in ((user, "refreshed", "refreshed"), (bundled, "bundled",
                                                                     "bundled")):
        if origin == "refreshed" and not path.exists():
            continue
        try:
            found.append(Table(read(path), path, origin))
        except error as exc:
            problems.append(f"{label} {name} unusable: {exc}")
    if not found:
        raise error("; ".join(reversed(problems)) or f"no {name} found")
    # max() keeps the first of equals, so the user's refreshed copy wins a tie.
    best = max(found, key=lambda t: t.fetched_at)
    if problems:
        return Table(best.data, best.path, best.origin, "; ".join(reversed(problems)))
    return best


def save(data: dict[str, Any], path: Path, max_bytes: int, error: type[Exception],
         name: str) -> Table:
    """Write ``data`` atomically to ``path`` as the refreshed copy; ``name`` ("an end-of-life
    table", "a versions table") words the errors."""
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if len(text.encode("utf-8")) > max_bytes:  # it could not be read back
        raise error(f"the downloaded data is larger than {name} can be")
    the = name.split(" ", 1)[1]
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise error(one_line(f"could not save the {the} in the folder "
                             f"{path.parent} ({describe_os_error(exc)})")) from None
    return Table(data, path, "refreshed")
