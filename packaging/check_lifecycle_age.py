"""Refuses to package Readiness with an end-of-life table older than MAX_AGE_DAYS.

    python packaging/check_lifecycle_age.py [assets/lifecycle/lifecycle.json] [--today YYYY-MM-DD]

The table is as old as its oldest data: each product's ``as_of`` date (the date its data was
known current), or the table's ``fetched_at`` for a product without one. Only ``make package``
runs this, never the test suite, so no test starts failing with the calendar; its test injects
"today".
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

MAX_AGE_DAYS = 120
DEFAULT_TABLE = Path(__file__).resolve().parents[1] / "assets" / "lifecycle" / "lifecycle.json"


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", nargs="?", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--today", type=date.fromisoformat,
                        default=datetime.now(UTC).date(), help="the date to judge by (tests)")
    parser.add_argument("--allow-stale", action="store_true",
                        help="warn instead of refusing (test builds, never a release)")
    args = parser.parse_args(argv)
    try:
        table = json.loads(args.table.read_text("utf-8"))
        stale = problems(table, args.today)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"error: cannot read the end-of-life table {args.table}: {exc}", file=sys.stderr)
        return 2
    if stale:
        word = "warning" if args.allow_stale else "error"
        print(f"{word}: the bundled end-of-life table {args.table} is older than {MAX_AGE_DAYS} "
              "days; refresh it (readiness lifecycle --refresh, then copy the refreshed table "
              "over the bundled one, or update it from endoflife.date by hand, saying so in its "
              "source) before packaging:", file=sys.stderr)
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        return 0 if args.allow_stale else 1
    print(f"end-of-life table {args.table}: every product's data is at most {MAX_AGE_DAYS} days "
          "old")
    return 0


if __name__ == "__main__":
    sys.exit(main())
