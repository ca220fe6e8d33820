"""``readiness sign``: run the checks and write the signed checklist PDF and bundle."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from readiness import profile
from readiness.catalogue import CatalogueError
from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from readiness.cli.keys_cmd import SecretUnavailable, ask_secret
from readiness.engine import Session, UsageError
from readiness.files import describe_os_error, one_line
from readiness.paths import data_dir
from readiness.probe.snapshot import SnapshotError
from readiness.signing import checklist, keys, outfiles
from readiness.signing.errors import SigningError
from readiness.store import HistoryError

NAME = "sign"
HELP = "run the checks and write the signed checklist (PDF and .readiness.json)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--replay", metavar="DIR", help="sign a run replayed from a snapshot "
                        "(the checklist says so)")
    parser.add_argument("--out", metavar="DIR", help="folder for the two files "
                        "(default: the output folder in your settings)")
    parser.add_argument("--passphrase-file", metavar="F",
                        help="read the key's passphrase from this file")
    parser.add_argument("--timestamp", action="store_true",
                        help="add a trusted timestamp: sends only a hash of the signature to a "
                        "public timestamp service (queued if offline)")
    parser.add_argument("--tsa", metavar="URL", action="append",
                        help="timestamp service to use (repeatable; default DigiCert, then "
                        "Sectigo)")
    parser.add_argument("--pending", action="store_true",
                        help="only add trusted timestamps to checklists signed while offline")


def default_out_dir() -> Path:
    """The output folder from the settings; with READINESS_HOME set, a folder inside it."""
    from readiness import settings

    try:
        chosen = settings.load_effective().output_folder  # the organisation's, if it sets one
    except settings.SettingsError as exc:
        # Say so rather than silently signing into another folder than the one chosen.
        error(f"{exc}; using the default folder for checklists instead")
        chosen = ""
    if chosen:
        return Path(chosen)
    if os.environ.get("READINESS_HOME"):
        return data_dir() / "checklists"
    return settings.default_output_folder()


def run(args: argparse.Namespace) -> int:
    try:
        if args.pending:
            outcomes = checklist.timestamp_pending(tsa_urls=args.tsa)
            if not outcomes:
                print("No checklists are waiting for a trusted timestamp.")
            for o in outcomes:
                print(f"{o.report_id}: {'done' if o.done else 'still waiting'} - {o.message}")
            return EXIT_OK if all(o.done for o in outcomes) else EXIT_FAILED
        if not keys.has_key():
            error("no signing key has been set up yet; create one with: "
                  "readiness keys init --name NAME")
            return EXIT_USAGE
        passphrase = None
        if keys.needs_passphrase():
            passphrase = ask_secret("Passphrase for your signing key: ",
                                    file=args.passphrase_file)
        out = Path(args.out) if args.out else default_out_dir()
        outfiles.check_writable(out)  # before the checks run, not after
        answers = profile.attestations()
        session = Session.open(replay=args.replay)
        report = session.run(attestations=answers)
        signed = checklist.sign_report(report, out, passphrase=passphrase,
                                       timestamp=args.timestamp, attestations=answers,
                                       tsa_urls=args.tsa, device_id=session.device_id(),
                                       catalogue=session.catalogue)
    except (SecretUnavailable, SnapshotError, UsageError, CatalogueError,
            profile.ProfileError) as exc:
        error(one_line(str(exc)))
        return EXIT_USAGE
    except (SigningError, HistoryError) as exc:
        error(one_line(str(exc)))
        return EXIT_FAILED
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        error(one_line(f"{describe_os_error(exc)}{where}; nothing was signed"))
        return EXIT_FAILED
    print(f"Signed checklist {signed.sequence}: {report.verdict.label}")
    print(f"  PDF:    {signed.pdf_path}")
    print(f"  Bundle: {signed.bundle_path}")
    if signed.timestamped:
        print("  Trusted timestamp: added")
    elif signed.timestamp_queued:
        print("  Trusted timestamp: queued (run 'readiness sign --pending' when online)")
    for w in signed.warnings:
        print(f"  Note: {w}")
    notice = keys.interrupted_notice()
    if notice:
        print(f"readiness: note: {notice}", file=sys.stderr)
    return EXIT_OK
