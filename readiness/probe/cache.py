"""The real host's store for slow probes' results (one small JSON file per name).

It lives behind the host, not in a check, so a hit is written down as evidence like any other
answer, lands in a snapshot, and a replayed run answers from the snapshot instead.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from readiness.files import atomic_write_text, read_json
from readiness.probe.types import CachedValue, JSONValue

MAX_BYTES = 1024 * 1024
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class _Unusable(Exception):
    pass


def now_rfc3339() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def entry_value(name: str, entry: object, key: str, max_age_s: int,
                now: datetime) -> CachedValue:
    """The stored value when ``entry`` is for ``key`` and at most ``max_age_s`` old at
    ``now``; otherwise a miss saying why."""
    if not isinstance(entry, dict) or "value" not in entry:
        return CachedValue(name, None, error="no cached result")
    stored = parse_time(entry.get("stored_at"))
    if entry.get("key") != key:
        return CachedValue(name, None, error="the cached result is for another state")
    if stored is None or not timedelta(0) <= now - stored <= timedelta(seconds=max_age_s):
        return CachedValue(name, None, error="the cached result is too old")
    return CachedValue(name, entry["value"], stored.strftime("%Y-%m-%dT%H:%M:%SZ"))


class FileCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, name: str) -> Path:
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a cache name: {name!r}")
        return self.directory / f"{name}.json"

    def get(self, name: str, key: str, max_age_s: int) -> CachedValue:
        try:
            entry = read_json(self._path(name), _Unusable, missing=None, unreadable="{exc}",
                              invalid="{exc}", max_bytes=MAX_BYTES, max_depth=16)
        except _Unusable as exc:  # a damaged cache is only a miss: the probe runs again
            return CachedValue(name, None, error=f"the cache could not be read ({exc})")
        return entry_value(name, entry, key, max_age_s, datetime.now(UTC))

    def put(self, name: str, key: str, value: JSONValue) -> None:
        text = json.dumps({"key": key, "stored_at": now_rfc3339(), "value": value}, indent=1)
        try:
            atomic_write_text(self._path(name), text + "\n")
        except OSError:
            pass  # no cache is a slower next run, never a wrong one
