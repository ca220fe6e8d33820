"""Refuses to package Readiness with an end-of-life table older than MAX_AGE_DAYS, or a table
of current app versions older than VERSIONS_MAX_AGE_DAYS.

    python packaging/check_lifecycle_age.py [assets/lifecycle/lifecycle.json] [--today YYYY-MM-DD]
                                            [--versions assets/versions/versions.json]

A table is as old as its oldest data: each product's ``as_of`` date (the date its data was
known current), or the table's ``fetched_at`` for a product without one. In the versions table
a product whose every release line has ended (Skype, retired) does not age: it stays retired.
Without arguments both bundled tables are judged; given an end-of-life table, only that one
(and a versions table only with --versions). Only ``make package`` runs this, never the test
suite, so no test starts failing with the calendar; its tests inject "today".
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

MAX_AGE_DAYS = 120
# Browsers ship security fixes every week or two: a month-old versions table already misses some.
VERSIONS_MAX_AGE_DAYS = 30
DEFAULT_TABLE = Path(__file__).resolve().parents[1] / "assets" / "lifecycle" / "lifecycle.json"
DEFAULT_VERSIONS = Path(__file__).resolve().parents[1] / "assets" / "versions" / "versions.json"


def product_dates(table: dict[str, Any]) -> dict[str, date]:
    """Each product's data date; ValueError when the table does not say one."""
    fetched = date.fromisoformat(str(table["fetched_at"]))
    as_of = table.get("as_of") or {}
    return {product: date.fromisoformat(str(as_of[product])) if product in as_of else fetched
            for product in table["products"]}


def problems(table: dict[str, Any], today: date, max_age: int = MAX_AGE_DAYS) -> list[str]:
    """One line per product whose data is older than ``max_age`` days on ``today``."""
    out = []
    for product, dated in sorted(product_dates(table).items()):
        age = (today - dated).days
        if age > max_age:
            out.append(f"{product}: data as of {dated.isoformat()}, {age} days old")
    return out


def _ended(cycles: Any, today: date) -> bool:
    """Whether every release line of a versions-table product has ended by ``today``."""
    if not isinstance(cycles, list) or not cycles:
        return False
    for cycle in cycles:
        eol = cycle.get("eol")
        if eol is True:
            continue
        if not isinstance(eol, str) or date.fromisoformat(eol) > today:
            return False
    return True


def version_problems(table: dict[str, Any], today: date,
                     max_age: int = VERSIONS_MAX_AGE_DAYS) -> list[str]:
    """``problems`` for the versions table, leaving out products that are wholly retired."""
    live = {p: c for p, c in table["products"].items() if not _ended(c, today)}
    return problems({**table, "products": live}, today, max_age)


def _judge(path: Path, name: str, stale_lines: list[str], max_age: int, allow_stale: bool,
           how: str) -> int:
    if not stale_lines:
        print(f"{name} {path}: every product's data is at most {max_age} days old")
        return 0
    word = "warning" if allow_stale else "error"
    print(f"{word}: the bundled {name} {path} is older than {max_age} days; refresh it "
          f"({how}) before packaging:", file=sys.stderr)
    for line in stale_lines:
        print(f"  {line}", file=sys.stderr)
    return 0 if allow_stale else 1


def _versions(path: Path, today: date, allow_stale: bool) -> int:
    try:
        table = json.loads(path.read_text("utf-8"))
        stale = version_problems(table, today)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"error: cannot read the versions table {path}: {exc}", file=sys.stderr)
        return 2
    return _judge(path, "versions table", stale, VERSIONS_MAX_AGE_DAYS, allow_stale,
                  "readiness versions --refresh, then copy the refreshed table over the bundled "
                  "one, or update it by hand from the vendors' release notes, citing them in its "
                  "notes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", nargs="?", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--today", type=date.fromisoformat,
                        default=datetime.now(UTC).date(), help="the date to judge by (tests)")
    parser.add_argument("--allow-stale", action="store_true",
                        help="warn instead of refusing (test builds, never a release)")
    parser.add_argument("--versions", type=Path, default=None,
                        help="the versions table (default: the bundled one, when no end-of-life "
                        "table is named)")
    args = parser.parse_args(argv)
    versions_path = args.versions or (DEFAULT_VERSIONS if args.table == DEFAULT_TABLE else None)
    versions_code = 0 if versions_path is None else _versions(versions_path, args.today,
                                                              args.allow_stale)
    try:
        table = json.loads(args.table.read_text("utf-8"))
        stale = problems(table, args.today)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"error: cannot read the end-of-life table {args.table}: {exc}", file=sys.stderr)
        return 2
    code = _judge(args.table, "end-of-life table", stale, MAX_AGE_DAYS, args.allow_stale,
                  "readiness lifecycle --refresh, then copy the refreshed table over the bundled "
                  "one, or update it from endoflife.date by hand, saying so in its source")
    return max(code, versions_code)


if __name__ == "__main__":
    sys.exit(main())
