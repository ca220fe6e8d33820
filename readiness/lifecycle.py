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

import jsonschema

from readiness.files import atomic_write_text, read_json
from readiness.paths import assets_dir, data_dir

FORMAT = "readiness-lifecycle/1"
PRODUCTS = ("windows", "macos", "ubuntu", "debian", "fedora", "linuxmint")
DEFAULT_SOURCE = "https://endoflife.date/api"
FETCH_TIMEOUT_S = 10.0
MAX_RESPONSE_BYTES = 2 * 1024 * 1024


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
    data: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return data


def validate(data: Any) -> None:
    """Raise LifecycleError unless ``data`` is a well-formed table."""
    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise LifecycleError(f"invalid lifecycle data at {where}: {exc.message}") from None


def validate_cycles(product: str, cycles: Any) -> None:
    """Validate one product's list of cycles as the endoflife.date API returns it."""
    schema = _schema()
    sub = {"$defs": schema["$defs"], "$ref": "#/$defs/cycles"}
    try:
        jsonschema.validate(cycles, sub)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(list)"
        raise LifecycleError(f"{product}: unexpected data at {where}: {exc.message}") from None


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


def _read(path: Path) -> dict[str, Any]:
    data = read_json(path, LifecycleError, missing="{path} does not exist",
                     unreadable="cannot read {path}: {exc}",
                     invalid="{path} is not valid JSON ({exc})")
    validate(data)  # the schema requires an object
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
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise LifecycleError(f"{url} did not send JSON") from None


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
    atomic_write_text(user_path(), json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return Table(data, user_path(), "refreshed")


def describe(table: Table) -> Mapping[str, str]:
    return {
        "origin": table.origin,
        "fetched_at": table.fetched_at,
        "source": table.source,
        "path": str(table.path),
    }
