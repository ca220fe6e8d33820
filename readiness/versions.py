"""The table of current versions of the video-call apps and browsers: a dated copy.

The same shape and rules as the end-of-life table (``readiness.lifecycle``; both load, choose
and save their copies with ``readiness.dated_table``): a copy ships in
``assets/versions/versions.json``; ``readiness versions --refresh`` (opt-in: nothing leaves the
machine unless the user asks) fetches the vendors' public release feeds, validates everything,
and writes the table atomically to the user data folder:

- Chrome, Edge and Firefox (``readiness.versions_feeds``): all or nothing; an unexpected answer
  refuses the whole refresh.
- Zoom and Microsoft Teams (``readiness.versions_app_feeds``): undocumented download and update
  feeds, each on its own; an unexpected answer, or a version older than the table already
  holds, keeps that product's data from the table in use (with its own date, so it ages) and
  the refresh says why.

Products without a feed (Skype, Safari) are carried over from the table in use with their own
dates. The newer of the two copies is used (by ``fetched_at``; the user's copy wins a tie), and
a broken user copy never stops the check working.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from readiness import schema_subset
from readiness.dated_table import Table, load_schema, newest, real_date, save
from readiness.files import one_line, quoted, read_json
from readiness.paths import assets_dir, data_dir

__all__ = ["FORMAT", "PRODUCTS", "Table", "VersionsError", "load", "refresh", "validate"]

FORMAT = "readiness-versions/1"
# Every product the check knows; the table may leave any out (the check then cannot judge it).
PRODUCTS = ("zoom", "teams", "teams_classic", "skype", "chrome", "edge", "firefox", "safari")
FEED_PRODUCTS = ("chrome", "edge", "firefox", "zoom", "teams")
# Chrome, Edge and new Teams number every release with four parts; a shorter "latest" is a typo that
# would compare as older than every real build.
FOUR_PARTS = ("chrome", "edge", "teams")
MAX_TABLE_BYTES = 1024 * 1024
MAX_NOTE = 2000  # the schema's limit on a product's note
CARRIED_MARK = " Earlier note: "
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
    return load_schema(schema_path(), VersionsError)


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
        if not real_date(value):
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
    return newest(bundled_path(), user_path(), _read, VersionsError, "versions table")


def _carried_note(old: str, day: str, why: str) -> str:
    """The note of a product whose feed could not be used: why, then what the data is."""
    base = old.split(CARRIED_MARK, 1)[-1] if old else "no earlier note"
    text = one_line(f"The refresh on {day} could not use this product's feed ({why}), so its "
                    f"data is carried over from the table in use.{CARRIED_MARK}{base}")
    return text if len(text) <= MAX_NOTE else text[:MAX_NOTE - 3] + "..."


def refresh(*, fetch: Fetch | None = None, today: date | None = None,
            base: Table | None = None) -> Table:
    """Fetch the vendors' feeds, validate, and replace the user copy atomically.

    Chrome, Edge and Firefox are all or nothing: any failure raises VersionsError and changes
    nothing. Zoom and Teams each stand alone: a feed that cannot be used keeps that product's
    data from the table in use (or leaves it out), says why in its note and in the returned
    table's ``problem``."""
    from readiness import versions_app_feeds, versions_feeds  # only a refresh needs these

    get = fetch or versions_feeds.http_fetch
    day_date = today or datetime.now(UTC).date()
    day = day_date.isoformat()
    carried = base if base is not None else load()
    products: dict[str, Any] = {p: carried.cycles(p) for p in carried.data["products"]}
    as_of: dict[str, str] = {p: carried.as_of(p) for p in products}
    notes: dict[str, str] = {p: n for p, n in carried.data.get("notes", {}).items()
                             if p in products and p not in FEED_PRODUCTS}
    sources = {**versions_feeds.SOURCES, **versions_app_feeds.SOURCES}
    fetched = versions_feeds.fetch_all(get)
    for product, cycles in fetched.items():
        # A browser feed going backwards (a pulled release, a stale mirror, a tampered answer)
        # would make an older, unpatched browser look current: refuse the refresh whole.
        why = versions_app_feeds.older_than_table(product, cycles, carried) or \
            versions_app_feeds.too_far_ahead(product, cycles, carried, day_date)
        if why is not None:
            raise VersionsError(f"{product}: {why}; nothing was changed")
    apps, skipped = versions_app_feeds.fetch_all(get, carried, day_date)
    for product, cycles in {**fetched, **apps}.items():
        products[product] = cycles
        as_of[product] = day
        notes[product] = f"fetched from {sources[product]} on {day}"
    for product, why in skipped.items():
        if product in products:
            notes[product] = _carried_note(carried.data.get("notes", {}).get(product, ""),
                                           day, why)
    data = {"format": FORMAT, "fetched_at": day,
            "source": "the vendors' public release feeds (Chrome, Edge, Firefox) and Zoom's "
                      "and Microsoft Teams' download and update feeds where they answered as "
                      "expected; the other products carried over from the table in use, with "
                      "their own dates",
            "as_of": as_of, "notes": notes, "products": products}
    validate(data)
    saved = save(data, user_path(), MAX_TABLE_BYTES, VersionsError, "a versions table")
    if not skipped:
        return saved
    kept = "; ".join(f"{versions_app_feeds.NAMES[p]} kept as it was ({why})"
                     for p, why in skipped.items())
    return Table(saved.data, saved.path, saved.origin, kept)


def describe(table: Table) -> Mapping[str, str]:
    return {"origin": table.origin, "fetched_at": table.fetched_at, "source": table.source,
            "path": str(table.path)}
