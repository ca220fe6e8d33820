"""``readiness lifecycle [--refresh]``: show the operating-system end-of-life table in use, or
fetch a fresh copy (the only time this feature touches the network, and only when asked)."""

from __future__ import annotations

import argparse

from readiness import lifecycle
from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error

NAME = "lifecycle"
HELP = "show the operating-system end-of-life table, or fetch a fresh copy with --refresh"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="download current end-of-life data from endoflife.date (goes online)",
    )
    parser.add_argument(
        "--source",
        metavar="URL",
        default=lifecycle.DEFAULT_SOURCE,
        help="where to fetch from (default: %(default)s)",
    )


def _show(table: lifecycle.Table) -> None:
    print(f"End-of-life table: {table.origin}, fetched {table.fetched_at}")
    print(f"  source: {table.source}")
    print(f"  file:   {table.path}")
    for product in lifecycle.PRODUCTS:
        print(f"  {product:<10} {len(table.cycles(product)):>3} releases, as of "
              f"{table.as_of(product)}")
    if table.problem:
        print(f"  note: {table.problem}")


def run(args: argparse.Namespace) -> int:
    if args.refresh:
        if not args.source.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            error("--source must be an https:// address")
            return EXIT_USAGE
        print(f"Fetching end-of-life data from {args.source} …")
        try:
            table = lifecycle.refresh(args.source)
        except lifecycle.LifecycleError as exc:
            error(f"refresh failed, the existing table is kept: {exc}")
            try:
                _show(lifecycle.load())
            except lifecycle.LifecycleError:
                pass
            return EXIT_FAILED
        print(f"Saved to {table.path}.")
    try:
        current = lifecycle.load()
    except lifecycle.LifecycleError as exc:
        error(str(exc))
        return EXIT_USAGE
    _show(current)
    return EXIT_OK
