"""``readiness snapshot DIR``: record everything the checks ask of this computer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readiness import profile
from readiness.catalogue import CatalogueError
from readiness.cli.common import EXIT_OK, EXIT_USAGE, error
from readiness.engine import Session
from readiness.probe import snapshot

NAME = "snapshot"
HELP = "record what the checks see on this computer into DIR/snapshot.json"

WARNING = (
    "Note: a snapshot can contain this computer's name, your user name, the names of Wi-Fi "
    "networks nearby and of programs that are running. Use --redact before sharing it."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="folder to write snapshot.json into")
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace personal details: the computer's, your and other accounts' names, network "
        "names, hardware and internet addresses, e-mail addresses, passwords in web addresses "
        "and serial numbers",
    )


def run(args: argparse.Namespace) -> int:
    try:
        answers = profile.attestations()
        session = Session.open(record=True)
    except (CatalogueError, profile.ProfileError) as exc:
        error(str(exc))
        return EXIT_USAGE
    session.run(attestations=answers)
    try:
        path = snapshot.save(session.snapshot(redacted=args.redact), Path(args.dir))
    except OSError as exc:
        error(f"could not write the snapshot: {exc}")
        return EXIT_USAGE
    if not args.redact:
        print(WARNING, file=sys.stderr)
    print(f"Snapshot written to {path}")
    return EXIT_OK
