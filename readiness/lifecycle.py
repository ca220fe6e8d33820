"""The operating-system end-of-life table: a dated copy of endoflife.date's data.

A copy ships in ``assets/lifecycle/lifecycle.json``. ``readiness lifecycle --refresh`` (opt-in:
nothing leaves the machine unless the user asks) fetches fresh data, validates it against the
schema and writes it atomically to the user data folder. The newer of the two copies is used
(by ``fetched_at``; the user's copy wins a tie), so an application update that ships newer data
is not shadowed by an old refresh, and a broken user copy never stops the check working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from readiness import schema_subset
from readiness.dated_table import Table as Table  # re-exported: the checks read it from here
from readiness.dated_table import load_schema, newest, real_date, save
from readiness.files import one_line, parse_json_bytes, quoted, read_json
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
    return load_schema(schema_path(), LifecycleError)


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


def _read(path: Path) -> dict[str, Any]:
    data = read_json(path, LifecycleError, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} cannot be used: {exc}",
                     max_bytes=MAX_TABLE_BYTES, max_depth=MAX_DEPTH)
    validate(data)  # the schema requires an object
    dates = {"fetched_at": data["fetched_at"], **data.get("as_of", {})}
    for where, value in dates.items():
        if not real_date(value):
            raise LifecycleError(one_line(f"invalid lifecycle data at {where}: "
                                          f"{quoted(value)} is not a date"))
    return dict(data)


def load() -> Table:
    """The table to decide with: the newer valid copy of bundled and refreshed."""
    return newest(bundled_path(), user_path(), _read, LifecycleError, "table")


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
    return save(data, user_path(), MAX_TABLE_BYTES, LifecycleError, "an end-of-life table")


def describe(table: Table) -> Mapping[str, str]:
    return {
        "origin": table.origin,
        "fetched_at": table.fetched_at,
        "source": table.source,
        "path": str(table.path),
    }
