"""``readiness verify``: check signed checklists against your trusted signers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from readiness.cli import verify_summary
from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, visible
from readiness.model import LABEL_WIDTH, result_label, verdict_label
from readiness.signing.errors import SigningError
from readiness.signing.verify import Verification, VerifyRun, verify_run
from readiness.signing.verify_result import HANDOVER, KEY_CARD

NAME = "verify"
HELP = "check signed checklists (PDF or .readiness.json, or a folder of them)"
TAG_WIDTH = LABEL_WIDTH  # as 'readiness check' lines them up


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE|DIR", help="checklists or folders")
    parser.add_argument("--signers", metavar="FILE", help="trust only the keys in this file "
                        "(a Readiness signer list or an ssh allowed_signers file)")
    parser.add_argument("--revoked", metavar="FILE", help="refuse keys listed in this file "
                        "(public keys, one per line, or an OpenSSH KRL), as ssh-keygen -r")
    parser.add_argument("--json", action="store_true", help="print JSON")
    verify_summary.add_arguments(parser)


def _when(v: Verification) -> str:
    if v.time_source == "tsa":
        return f"{v.signed_at} (trusted timestamp)"
    return f"{v.signed_at} (the signer's own clock; no trusted timestamp)"


def _detail(v: Verification) -> str:
    lines = [visible(v.path)]
    if v.ok:
        lines.append("  VERIFIED: signed by a trusted key and unaltered.")
    else:
        lines.append("  NOT VERIFIED.")
    if v.signer_name:
        lines.append(f"  Signed by:   {visible(v.signer_name)} ({v.fingerprint})")
    if v.practitioner and v.practitioner != v.signer_name:
        lines.append(f"  Practitioner named inside: {visible(v.practitioner)}"
                     + (f", {visible(v.registration)}" if v.registration else ""))
    if v.signed_at:
        lines.append(f"  When:        {visible(_when(v))}")
        lines.append(f"  Unaltered:   {'yes' if v.unaltered else 'no'}")
    if v.chain_position:
        lines.append(f"  Chain:       {v.chain_position}")
    if v.verdict:
        lines.append(f"  Verdict:     {visible(verdict_label(v.verdict))}")
    if v.replayed:
        lines.append("  Note: these results were replayed from a snapshot, not a live computer.")
    for p in v.problems:
        lines.append(f"  Problem: {visible(p)}")
    for w in v.warnings:
        lines.append(f"  Note: {visible(w)}")
    if v.ok and v.results:
        lines.append("  Results:")
        for r in v.results:
            tag = result_label(str(r.get("status")), str(r.get("kind")), r.get("observed"))
            title = str(r.get("title") or r.get("id"))
            if r.get("attested"):
                title += " (attested)"
            lines.append(f"    {visible(tag):<{TAG_WIDTH}} {visible(title)}")
    return "\n".join(lines)


def _row(v: Verification) -> str:
    if v.kind in (KEY_CARD, HANDOVER):
        what = "key card" if v.kind == KEY_CARD else "key hand-over"
        return f"FAIL {visible(v.path.name)}  {what} (not a checklist)"
    mark = "OK  " if v.ok else "FAIL"
    who = visible(v.signer_name) if v.signer_name else "-"
    when = (v.signed_at + (" TSA" if v.time_source == "tsa" else "")) if v.signed_at else "-"
    verdict = verdict_label(v.verdict) or "-"
    replayed = "  REPLAYED from a snapshot" if v.replayed else ""
    extra = "" if v.ok else f"  ({v.problems[0] if v.problems else 'not verified'})"
    return visible(f"{mark} {v.path.name}  {who}  {when}  {verdict}  {v.chain_position}"
                   f"{replayed}{extra}")


def _summary(run: VerifyRun) -> str:
    results = run.results
    good = sum(v.ok for v in results)
    cards = sum(v.kind in (KEY_CARD, HANDOVER) for v in results)
    text = f"\n{good} of {len(results)} files verified against trusted signers."
    if cards:
        text += (" 1 file is a key card or key hand-over, not a checklist." if cards == 1 else
                 f" {cards} files are key cards or key hand-overs, not checklists.")
    if run.ignored:
        names = ", ".join(visible(p.name) for p in run.ignored[:5])
        more = f" and {len(run.ignored) - 5} more" if len(run.ignored) > 5 else ""
        text += f"\nNot looked at (not .pdf or .readiness.json): {names}{more}."
    return text


def _file_arg(value: str | None, what: str) -> Path | int | None:
    if value is None:
        return None
    path = Path(value)
    if not path.is_file():
        error(f"no such {what} file: {visible(path)}")
        return EXIT_USAGE
    return path


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        error("no such file or folder: " + ", ".join(visible(p) for p in missing))
        return EXIT_USAGE
    signers_file = _file_arg(args.signers, "signers")
    revoked_file = _file_arg(args.revoked, "revoked-keys")
    if isinstance(signers_file, int) or isinstance(revoked_file, int):
        return EXIT_USAGE
    if args.summary:
        return verify_summary.run_summary(args, signers_file, revoked_file)
    if args.csv or args.pdf:
        error("--csv and --pdf go with --summary")
        return EXIT_USAGE
    try:
        run = verify_run(paths, signers_file, revoked_file=revoked_file)
    except SigningError as exc:
        error(visible(exc))
        return EXIT_USAGE
    results = run.results
    if args.json:
        json.dump({"ok": run.ok, "files": [v.to_json() for v in results],
                   "ignored": [str(p) for p in run.ignored]}, sys.stdout, indent=2,
                  ensure_ascii=True)
        sys.stdout.write("\n")
    elif not results:
        print("No checklists (.pdf or .readiness.json) found." + (
            _summary(run).split("\n", 2)[-1] if run.ignored else ""))
    elif len(results) == 1 and len(paths) == 1 and not paths[0].is_dir():
        print(_detail(results[0]))
    else:
        for v in results:
            print(_row(v))
        print(_summary(run))
    return EXIT_OK if run.ok else EXIT_FAILED
