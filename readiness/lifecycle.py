"""The operating-system end-of-life table: a dated copy of endoflife.date's data.

A copy ships in ``assets/lifecycle/lifecycle.json``. ``readiness lifecycle --refresh`` (opt-in:
nothing leaves the machine unless the user asks) fetches fresh data, validates it against the
schema and writes it atomically to the user data folder. The newer of the two copies is used
(by ``fetched_at``; the user's copy wins a tie), so an application update that ships newer data
is not shadowed by an old refresh, and a broken user copy never stops the check working.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from readiness import schema_subset
from readiness.files import (
    atomic_write_text,
    describe_os_error,
    one_line,
    parse_json_bytes,
    quoted,
    read_json,
)
from readiness.paths import assets_dir, data_dir

FORMAT = "readiness-lifecycle/1"
PRODUCTS = ("windows", "macos", "ubuntu", "debian", "fedora", "linuxmint", "rhel", "rocky-linux",
            "almalinux", "opensuse")
DEFAULT_SOURCE = "https://endoflife.date/api"
FETCH_TIMEOUT_S = 10.0
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
# The table on disk: ten products at most MAX_RESPONSE_BYTES each, re-indented.
MAX_TABLE_BYTES = 24 * 1024 * 1024
# The endoflife.date shape is a list of flat objects: three levels, four with the table.
MAX_DEPTH = 8


class LifecycleError(Exception):
    """The table is missing, malformed, or could not be refreshed; the message says why."""


def bundled_path() -> Path:
    return assets_dir() / "lifecycle" / "lifecycle.json"


def schema_path() -> Path:
    return assets_dir() / "lifecycle" / "lifecycle.schema.json"


def user_path() -> Path:
    return data_dir() / "lifecycle" / "lifecycle.json"


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    data = read_json(schema_path(), LifecycleError, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} cannot be used: {exc}", max_depth=16)
    if not isinstance(data, dict):
        raise LifecycleError(f"{schema_path()} is not a schema")
    return data


def _short(message: str, limit: int = 300) -> str:
    # jsonschema quotes the offending value whole, which may be a whole table.
    text = one_line(message)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first_error(part: str | None, data: Any) -> schema_subset.SchemaProblem | None:
    # readiness.schema_subset, not jsonschema: every check run loads this table, and importing
    # jsonschema cost it ~70 ms (the test suite compares both over the same data).
    schema = _schema()
    target: dict[str, Any] = schema if part is None else schema["$defs"][part]
    try:
        return schema_subset.first_problem(target, data, schema)
    except (ValueError, KeyError):
        raise LifecycleError(f"{schema_path()} is not a valid schema") from None


def validate(data: Any) -> None:
    """Raise LifecycleError unless ``data`` is a well-formed table."""
    exc = _first_error(None, data)
    if exc is not None:
        where = "/".join(str(p) for p in exc.path) or "(top level)"
        raise LifecycleError(_short(f"invalid lifecycle data at {where}: {exc.message}"))


def validate_cycles(product: str, cycles: Any) -> None:
    """Validate one product's list of cycles as the endoflife.date API returns it."""
    exc = _first_error("cycles", cycles)
    if exc is not None:
        where = "/".join(str(p) for p in exc.path) or "(list)"
        raise LifecycleError(_short(f"{product}: unexpected data at {where}: {exc.message}"))


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


def _real_date(value: Any) -> bool:
    # The schema's pattern lets through "2026-13-45" (and a trailing newline); the table is
    # chosen by this date and checks compare with it, so it must be a real one.
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _read(path: Path) -> dict[str, Any]:
    data = read_json(path, LifecycleError, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} cannot be used: {exc}",
                     max_bytes=MAX_TABLE_BYTES, max_depth=MAX_DEPTH)
    validate(data)  # the schema requires an object
    dates = {"fetched_at": data["fetched_at"], **data.get("as_of", {})}
    for where, value in dates.items():
        if not _real_date(value):
            raise LifecycleError(one_line(f"invalid lifecycle data at {where}: "
                                          f"{quoted(value)} is not a date"))
    return dict(data)


def load() -> Table:
    """The table to decide with: the newer valid copy of bundled and refreshed."""
    bundled: Table | None = None
    problems: list[str] = []
    try:
        bundled = Table(_read(bundled_path()), bundled_path(), "bundled")
    except LifecycleError as exc:
        problems.append(f"bundled table unusable: {exc}")
    user: Table | None = None
    if user_path().exists():
        try:
            user = Table(_read(user_path()), user_path(), "refreshed")
        except LifecycleError as exc:
            problems.append(f"refreshed table unusable: {exc}")
    candidates = [t for t in (user, bundled) if t is not None]
    if not candidates:
        raise LifecycleError("; ".join(problems) or "no lifecycle table found")
    # max() keeps the first of equals, so the user's refreshed copy wins a tie.
    best = max(candidates, key=lambda t: t.fetched_at)
    if problems:
        return Table(best.data, best.path, best.origin, "; ".join(problems))
    return best


# --- refresh -------------------------------------------------------------------------------

Fetch = Callable[[str], Any]


def _http_fetch(url: str) -> Any:
    import requests  # imported here: only a deliberate refresh touches the network

    try:
        resp = requests.get(
            url,
            timeout=FETCH_TIMEOUT_S,
            headers={"Accept": "application/json", "User-Agent": "Readiness lifecycle refresh"},
            stream=True,
        )
    except requests.RequestException as exc:
        raise LifecycleError(f"could not reach {url} ({type(exc).__name__})") from None
    with resp:
        if resp.status_code != 200:
            raise LifecycleError(f"{url} answered HTTP {resp.status_code}")
        body = resp.raw.read(MAX_RESPONSE_BYTES + 1, decode_content=True)
    if len(body) > MAX_RESPONSE_BYTES:
        raise LifecycleError(f"{url} sent more data than expected")
    return parse_json_bytes(body, LifecycleError, invalid="{path} did not send usable JSON: {exc}",
                            path=url, max_depth=MAX_DEPTH)


def refresh(
    source: str = DEFAULT_SOURCE,
    *,
    products: Iterable[str] = PRODUCTS,
    fetch: Fetch | None = None,
    today: date | None = None,
) -> Table:
    """Fetch every product, validate, and replace the user copy atomically.

    All or nothing: any failure raises LifecycleError and leaves the existing copies untouched.
    """
    get = fetch or _http_fetch
    base = source.rstrip("/")
    fetched: dict[str, Any] = {}
    for product in products:
        cycles = get(f"{base}/{product}.json")
        validate_cycles(product, cycles)
        fetched[product] = cycles
    day = (today or datetime.now(UTC).date()).isoformat()
    data = {
        "format": FORMAT,
        "fetched_at": day,
        "source": base,
        "products": fetched,
    }
    validate(data)
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if len(text.encode("utf-8")) > MAX_TABLE_BYTES:  # it could not be read back
        raise LifecycleError("the downloaded data is larger than an end-of-life table can be")
    try:
        atomic_write_text(user_path(), text)
    except OSError as exc:
        raise LifecycleError(one_line(f"could not save the end-of-life table in the folder "
                                      f"{user_path().parent} ({describe_os_error(exc)})")) from None
    return Table(data, user_path(), "refreshed")


def describe(table: Table) -> Mapping[str, str]:
    return {
        "origin": table.origin,
        "fetched_at": table.fetched_at,
        "source": table.source,
        "path": str(table.path),
    }
