"""``readiness catalogue``: list the checks and the fact-sheet sections they serve."""

from __future__ import annotations

import argparse

from readiness import catalogue
from readiness.cli.common import EXIT_OK, EXIT_USAGE, error

NAME = "catalogue"
HELP = "list the checks and their GPiA 047 sections"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    try:
        cat = catalogue.load()
    except catalogue.CatalogueError as exc:
        error(str(exc))
        return EXIT_USAGE
    print(f"Catalogue {cat.version}")
    for e in cat.entries:
        sections = ", ".join(f"§{s}" for s in cat.sections(e.id)) or "-"
        kind = "attested" if e.kind == "attestation" else "checked"
        print(f"{e.id:<24} {kind:<9} GPiA 047 {sections:<12} {e.title}")
    return EXIT_OK
