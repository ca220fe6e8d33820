"""``readiness versions [--refresh]``: show the table of current versions of the video-call
apps and browsers, or fetch a fresh copy from the vendors' public release feeds (the only time
this feature touches the network, and only when asked)."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

from readiness import versions
from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error

NAME = "versions"
HELP = ("show the table of current versions of the video-call apps and browsers, or fetch a "
        "fresh copy with --refresh")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="download current versions from the public release feeds of Chrome, Edge, "
        "Firefox, Zoom and Microsoft Teams (goes online)",
    )


def _age(as_of: str, today: date) -> str:
    try:
        days = (today - date.fromisoformat(as_of)).days
    except ValueError:
        return ""
    return f", {days} days old" if days >= 0 else ""


def _show(table: versions.Table) -> None:
    today = datetime.now(UTC).date()
    print(f"Versions table: {table.origin}, fetched {table.fetched_at}")
    print(f"  file:   {table.path}")
    for product in versions.PRODUCTS:
        cycles = table.cycles(product)
        if not cycles:
            print(f"  {product:<14} no data (the check cannot judge it)")
            continue
        as_of = table.as_of(product)
        print(f"  {product:<14} {len(cycles):>2} release lines, as of {as_of}"
              f"{_age(as_of, today)}")
    if table.problem:
        print(f"  note: {table.problem}")


def run(args: argparse.Namespace) -> int:
    if args.refresh:
        print("Fetching current versions from the vendors' release feeds …")
        try:
            table = versions.refresh()
        except versions.VersionsError as exc:
            error(f"refresh failed, the existing table is kept: {exc}")
            try:
                _show(versions.load())
            except versions.VersionsError:
                pass
            return EXIT_FAILED
        print(f"Saved to {table.path}.")
        if table.problem:
            # Zoom's and Teams' feeds stand alone: say which were skipped, not only the result.
            print(f"  not updated: {table.problem}")
    try:
        current = versions.load()
    except versions.VersionsError as exc:
        error(str(exc))
        return EXIT_USAGE
    _show(current)
    return EXIT_OK
