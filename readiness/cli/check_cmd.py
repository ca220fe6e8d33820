"""``readiness check``: run the checks and print a table or the JSON document."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap

from checks.connection import OPTION, target_for
from readiness import mdm_report, profile
from readiness.catalogue import CatalogueError
from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from readiness.engine import Session, UsageError
from readiness.model import LABEL_WIDTH, RunReport
from readiness.probe import connection as connection_target
from readiness.probe.snapshot import SnapshotError

NAME = "check"
HELP = "run the checks on this computer (or on a recorded snapshot)"

# Wide enough for the longest status word, so titles line up.
TAG_WIDTH = LABEL_WIDTH


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the JSON results document")
    parser.add_argument("--format", choices=mdm_report.FORMATS,
                        help="print machine checks only, for a device manager: 'intune' (a "
                        "custom compliance discovery result), 'jamf' (an extension attribute) "
                        "or 'csv'; answers you gave are never included")
    parser.add_argument("--replay", metavar="DIR", help="answer every probe from a snapshot")
    parser.add_argument("--only", metavar="ID,...", help="run only these checks")
    parser.add_argument("--connection", metavar="PLATFORM",
                        help="also measure the connection to your video platform: zoom, teams, "
                        "meet, doxy, or its host name (opt-in: a few timed connections to it, "
                        "nothing else is sent)")
    parser.add_argument(
        "--deep",
        action="store_true",
        help="also run slow probes (e.g. a full search for pending updates; can take minutes)",
    )


def render_table(report: RunReport) -> str:
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    lines = [f"Verdict: {report.verdict.label}"]
    if report.replayed_from:
        lines.append(f"(replayed from snapshot {report.replayed_from}; not this computer)")
    lines.append("")
    for r in report.results:
        title = r.title + (" (attested)" if r.attested else "")
        lines.append(f"{r.label:<{TAG_WIDTH}} {title}")
        for part in textwrap.wrap(r.summary, width - TAG_WIDTH - 1):
            lines.append(" " * (TAG_WIDTH + 1) + part)
    return "\n".join(lines)


def _saved_connection() -> dict[str, str]:
    from readiness import settings as settings_mod

    try:
        return settings_mod.connection_options(settings_mod.load())
    except settings_mod.SettingsError:
        return {}


def run(args: argparse.Namespace) -> int:
    if args.format and args.json:
        error("--json and --format cannot be used together")
        return EXIT_USAGE
    only = args.only.split(",") if args.only else None
    try:
        answers = profile.attestations()
    except profile.ProfileError as exc:
        error(str(exc))
        return EXIT_USAGE
    try:
        runner = Session.open(replay=args.replay).runner(
            only=only, attestations=answers, deep=args.deep
        )
    except (SnapshotError, UsageError, CatalogueError) as exc:
        error(str(exc))
        return EXIT_USAGE
    if args.connection:
        try:
            connection_target.parse_target(target_for(args.connection))
        except ValueError:
            error(f"--connection: {args.connection!r} is not a platform (zoom, teams, meet, "
                  "doxy) or a host name")
            return EXIT_USAGE
        runner.options = {**runner.options, OPTION: args.connection}
    else:  # as the practitioner turned it on in Settings (off unless they did)
        runner.options = {**runner.options, **_saved_connection()}
    report = runner.run()
    if args.format:
        sys.stdout.write(mdm_report.render(report, args.format).rstrip("\n") + "\n")
        # A device manager reads the output, not the exit status: a finished run is 0.
        return EXIT_OK
    if args.json:
        json.dump(report.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(render_table(report))
    return EXIT_FAILED if report.failed else EXIT_OK
