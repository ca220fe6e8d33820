"""``readiness report-problem --check ID --out FILE.zip``: package what one check saw,
redacted, with your description, for you to send to support (nothing is sent)."""

from __future__ import annotations

import argparse
from pathlib import Path

from readiness.cli.common import EXIT_OK, EXIT_USAGE, error
from readiness.problem_report import ProblemReportError, build, save

NAME = "report-problem"
HELP = "save what one check saw (redacted) and your note in a zip to send to support"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", required=True, metavar="ID", help="the check that is wrong")
    parser.add_argument("--out", required=True, metavar="FILE.zip", help="where to save it")
    parser.add_argument("--description", required=True, metavar="TEXT",
                        help="one line: what is wrong (no client details)")
    parser.add_argument("--replay", metavar="DIR", help="answer every probe from a snapshot")
    parser.add_argument("--show", action="store_true",
                        help="print the redacted snapshot that goes into the zip")


def run(args: argparse.Namespace) -> int:
    try:
        report = build(args.check, args.description, replay=args.replay)
        if args.show:
            print(report.snapshot_text())
        save(report, Path(args.out))
    except ProblemReportError as exc:
        error(str(exc))
        return EXIT_USAGE
    print(f"Saved {args.out}: the redacted snapshot of {args.check}, its result "
          f"({report.result.label}) and your note. Nothing was sent; look inside before you "
          "send it.")
    return EXIT_OK
