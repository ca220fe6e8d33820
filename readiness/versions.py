"""The table of current versions of the video-call apps and browsers: a dated copy.

The same shape and rules as the end-of-life table (``readiness.lifecycle``, whose ``Table``
this module reuses): a copy ships in ``assets/versions/versions.json``;
``readiness versions --refresh`` (opt-in: nothing leaves the machine unless the user asks)
fetches Chrome's, Edge's and Firefox's public release feeds (``readiness.versions_feeds``),
validates everything, and writes the table atomically to the user data folder. Products
without a public feed (Zoom, Teams, Skype, Safari) are carried over from the table in use with
their own dates. The newer of the two copies is used (by ``fetched_at``; the user's copy wins
a tie), and a broken user copy never stops the check working.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from readiness import schema_subset
from readiness.files import atomic_write_text, describe_os_error, one_line, quoted, read_json
from readiness.lifecycle import Table
from readiness.paths import assets_dir, data_dir

__all__ = ["FORMAT", "PRODUCTS", "Table", "VersionsError", "load", "refresh", "validate"]

FORMAT = "readiness-versions/1"
# Every product the check knows; the table may leave any out (the check then cannot judge it).
PRODUCTS = ("zoom", "teams", "teams_classic", "skype", "chrome", "edge", "firefox", "safari")
FEED_PRODUCTS = ("chrome", "edge", "firefox")
# Chrome and Edge number every release with four parts; a shorter "latest" is a typo that
# would compare as older than every real build.
FOUR_PARTS = ("chrome", "edge")
MAX_TABLE_BYTES = 1024 * 1024
MAX_DEPTH = 8

Fetch = Callable[[str], Any]


class VersionsError(Exception):
    """The table is missing, malformed, or could not be refreshed; the message says why."""


def bundled_path() -> Path:
    return assets_dir() / "versions" / "versions.json"


def schema_path() -> Path:
    return assets_dir() / "versions" / "versions.schema.json"


def user_path() -> Path:
    return data_dir() / "versions" / "versions.json"


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    data = read_json(schema_path(), VersionsError, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} cannot be used: {exc}", max_depth=16)
    if not isinstance(data, dict):
        raise VersionsError(f"{schema_path()} is not a schema")
    return data


def _real_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def validate(data: Any) -> None:
    """Raise VersionsError unless ``data`` is a well-formed table with real dates."""
    try:
        exc = schema_subset.first_problem(_schema(), data, _schema())
    except (ValueError, KeyError):
        raise VersionsError(f"{schema_path()} is not a valid schema") from None
    if exc is not None:
        where = "/".join(str(p) for p in exc.path) or "(top level)"
        text = one_line(f"invalid versions data at {where}: {exc.message}")
        raise VersionsError(text if len(text) <= 300 else text[:297] + "...")
    dates: dict[str, Any] = {"fetched_at": data["fetched_at"], **data.get("as_of", {})}
    for product, cycles in data["products"].items():
        for i, cycle in enumerate(cycles):
            dates[f"products/{product}/{i}/latestReleaseDate"] = cycle.get("latestReleaseDate",
                                                                            "2000-01-01")
            if isinstance(cycle["eol"], str):
                dates[f"products/{product}/{i}/eol"] = cycle["eol"]
            written = [cycle.get("latest"), *cycle.get("latestByOs", {}).values()]
            if product in FOUR_PARTS and any(v is not None and v.count(".") != 3
                                             for v in written):
                raise VersionsError(f"invalid versions data at products/{product}/{i}: "
                                    f"{product} versions have four parts")
    for where, value in dates.items():
        if not _real_date(value):
            raise VersionsError(one_line(f"invalid versions data at {where}: "
                                         f"{quoted(value)} is not a date"))


def _read(path: Path) -> dict[str, Any]:
    data = read_json(path, VersionsError, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} cannot be used: {exc}",
                     max_bytes=MAX_TABLE_BYTES, max_depth=MAX_DEPTH)
    validate(data)
    return dict(data)


def load() -> Table:
    """The table to decide with: the newer valid copy of bundled and refreshed."""
    bundled: Table | None = None
    problems: list[str] = []
    try:
        bundled = Table(_read(bundled_path()), bundled_path(), "bundled")
    except VersionsError as exc:
        problems.append(f"bundled versions table unusable: {exc}")
    user: Table | None = None
    if user_path().exists():
        try:
            user = Table(_read(user_path()), user_path(), "refreshed")
        except VersionsError as exc:
            problems.append(f"refreshed versions table unusable: {exc}")
    candidates = [t for t in (user, bundled) if t is not None]
    if not candidates:
        raise VersionsError("; ".join(problems) or "no versions table found")
    best = max(candidates, key=lambda t: t.fetched_at)  # the user's copy wins a tie
    if problems:
        return Table(best.data, best.path, best.origin, "; ".join(problems))
    return best


def refresh(*, fetch: Fetch | None = None, today: date | None = None,
            base: Table | None = None) -> Table:
    """Fetch Chrome's, Edge's and Firefox's feeds, validate, and replace the user copy
    atomically. All or nothing: any failure raises VersionsError and changes nothing."""
    from readiness import versions_feeds  # only a deliberate refresh needs the feed parsers

    get = fetch or versions_feeds.http_fetch
    day = (today or datetime.now(UTC).date()).isoformat()
    carried = base if base is not None else load()
    products: dict[str, Any] = {p: carried.cycles(p) for p in carried.data["products"]}
    as_of: dict[str, str] = {p: carried.as_of(p) for p in products}
    notes: dict[str, str] = {p: n for p, n in carried.data.get("notes", {}).items()
                             if p in products and p not in FEED_PRODUCTS}
    for product, cycles in versions_feeds.fetch_all(get).items():
        products[product] = cycles
        as_of[product] = day
        notes[product] = f"fetched from {versions_feeds.SOURCES[product]} on {day}"
    data = {"format": FORMAT, "fetched_at": day,
            "source": "the vendors' public release feeds (Chrome, Edge, Firefox); the other "
                      "products carried over from the table in use, with their own dates",
            "as_of": as_of, "notes": notes, "products": products}
    validate(data)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if len(text.encode("utf-8")) > MAX_TABLE_BYTES:
        raise VersionsError("the downloaded data is larger than a versions table can be")
    try:
        atomic_write_text(user_path(), text)
    except OSError as exc:
        raise VersionsError(one_line(f"could not save the versions table in the folder "
                                     f"{user_path().parent} ({describe_os_error(exc)})")) from None
    return Table(data, user_path(), "refreshed")


def describe(table: Table) -> Mapping[str, str]:
    return {"origin": table.origin, "fetched_at": table.fetched_at, "source": table.source,
            "path": str(table.path)}
