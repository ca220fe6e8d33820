"""``readiness verify DIR --summary``: one row per trusted practitioner (see
readiness.signing.summary), printed, as JSON, or written as CSV and a one-page PDF."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from readiness.files import atomic_write_bytes
from readiness.signing.errors import SigningError
from readiness.signing.summary import Row, Summary, SummaryError, needs_attention, summarise
from readiness.signing.summary_export import (
    IN_THE_CSV,
    RUN_WITH_CSV,
    notes,
    repeated_names,
    replayed_words,
    series_words,
    shown_name,
    to_csv_bytes,
    to_pdf,
    why,
)
from readiness.timefmt import local_time
from readiness.visible import visible
from readiness.words import plural


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--summary", action="store_true",
                        help="one row per trusted practitioner over a folder tree (a "
                        "clinical lead's view). Exit code 0: every practitioner is up to "
                        "date and ready, with no gap, nothing replayed and every file "
                        "verified; 1: something needs attention (a practitioner overdue, not "
                        "ready, with a gap in their series or results replayed from a "
                        "snapshot; a file that did not verify; or no practitioner found); "
                        "2: the folder or the options could not be used")
    parser.add_argument("--interval", type=int, default=30, metavar="DAYS",
                        help="with --summary: a self-audit older than this is overdue "
                        "(default 30)")
    parser.add_argument("--csv", metavar="FILE", help="with --summary: also write CSV")
    parser.add_argument("--pdf", metavar="FILE", help="with --summary: also write a PDF")


def _line(r: Row, repeated: set[str]) -> str:
    flags = [f for f, on in (("OVERDUE", r.overdue),
                             (series_words(r), not r.chain_complete),
                             (f"REPLAYED: {replayed_words(r)}",
                              bool(r.replayed or r.replayed_checklists))) if on]
    days = "?" if r.days_since is None else str(r.days_since)
    return visible(
        f"{shown_name(r, repeated)}{f' ({r.registration})' if r.registration else ''}: "
        f"{r.verdict_label}, {local_time(r.latest_at)} ({days} days ago), "
        f"{plural(r.checklists, 'checklist')}"
        + (f"; failing: {'; '.join(r.failing)}" if r.failing else "")
        + (f"  [{', '.join(flags)}]" if flags else ""))


def _table(summary: Summary) -> str:
    repeated = repeated_names(summary.rows)
    lines = [_line(r, repeated) for r in summary.rows]
    if not lines:
        lines.append("No checklist from a trusted signer was found.")
    return "\n".join([*lines, "", *notes(summary)])


def _write(path: str, data: bytes) -> None:
    atomic_write_bytes(Path(path), data, mode=0o644)


def run_summary(args: argparse.Namespace, signers: Path | None, revoked: Path | None) -> int:
    if len(args.paths) != 1 or not Path(args.paths[0]).is_dir():
        error("--summary takes one folder")
        return EXIT_USAGE
    if not 1 <= args.interval <= 3650:
        error("--interval must be between 1 and 3650 days")
        return EXIT_USAGE
    try:
        summary = summarise(Path(args.paths[0]), signers, interval_days=args.interval,
                            revoked_file=revoked)
        if args.csv:
            _write(args.csv, to_csv_bytes(summary))
        if args.pdf:
            _write(args.pdf, to_pdf(summary, folder=str(args.paths[0]),
                                    more_where=IN_THE_CSV if args.csv else RUN_WITH_CSV))
    except (SummaryError, SigningError) as exc:
        error(visible(exc))
        return EXIT_USAGE
    except OSError as exc:
        error(visible(f"could not write the summary: {exc.strerror or exc}"))
        return EXIT_USAGE
    if args.json:
        json.dump(_json(summary), sys.stdout, indent=2, ensure_ascii=True)
        sys.stdout.write("\n")
    else:
        print(_table(summary))
    return exit_code(summary)


def exit_code(summary: Summary) -> int:
    """EXIT_FAILED when anything needs attention (as the app's banner and the PDF's order
    count it), a file did not verify, or no practitioner was found; else EXIT_OK."""
    attention = summary.not_verified or any(needs_attention(r) for r in summary.rows)
    return EXIT_FAILED if attention or not summary.rows else EXIT_OK


def _json(summary: Summary) -> dict[str, Any]:
    return {"interval_days": summary.interval_days,
            "rows": [{**asdict(r), "needs_attention": needs_attention(r)}
                     for r in summary.rows],
            # Each file that did not verify, and why (as the CSV's second table).
            "not_verified": [{"path": str(v.path), "reason": why(v)}
                             for v in summary.not_verified],
            "not_looked_at": summary.not_looked_at,
            "same_checklist_copies": summary.same_checklist_copies}
