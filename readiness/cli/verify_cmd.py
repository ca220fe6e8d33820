"""``readiness verify``: check signed checklists against your trusted signers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from readiness.signing.errors import SigningError
from readiness.signing.verify import Verification, verify_paths

NAME = "verify"
HELP = "check signed checklists (PDF or .readiness.json, or a folder of them)"

STATUS_WORD = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "unknown": "UNKNOWN",
               "not_applicable": "N/A"}
VERDICT = {"ready": "Ready", "ready_with_cautions": "Ready with cautions",
           "not_ready": "Not ready"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE|DIR", help="checklists or folders")
    parser.add_argument("--signers", metavar="FILE", help="trust only the keys in this file "
                        "(a Readiness signer list or an ssh allowed_signers file)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _when(v: Verification) -> str:
    if v.time_source == "tsa":
        return f"{v.signed_at} (trusted timestamp)"
    return f"{v.signed_at} (the signer's own clock; no trusted timestamp)"


def _detail(v: Verification) -> str:
    lines = [f"{v.path}"]
    if v.ok:
        lines.append("  VERIFIED: signed by a trusted key and unaltered.")
    else:
        lines.append("  NOT VERIFIED.")
    if v.signer_name:
        lines.append(f"  Signed by:   {v.signer_name} ({v.fingerprint})")
    if v.practitioner and v.practitioner != v.signer_name:
        lines.append(f"  Practitioner named inside: {v.practitioner}"
                     + (f", {v.registration}" if v.registration else ""))
    if v.signed_at:
        lines.append(f"  When:        {_when(v)}")
        lines.append(f"  Unaltered:   {'yes' if v.unaltered else 'no'}")
    if v.chain_position:
        lines.append(f"  Chain:       {v.chain_position}")
    if v.verdict:
        lines.append(f"  Verdict:     {VERDICT.get(v.verdict, v.verdict)}")
    if v.replayed:
        lines.append("  Note: these results were replayed from a snapshot, not a live computer.")
    for p in v.problems:
        lines.append(f"  Problem: {p}")
    for w in v.warnings:
        lines.append(f"  Note: {w}")
    if v.ok and v.results:
        lines.append("  Results:")
        for r in v.results:
            tag = STATUS_WORD.get(str(r.get("status")), str(r.get("status")))
            title = str(r.get("title") or r.get("id"))
            if r.get("attested"):
                title += " (attested)"
            lines.append(f"    {tag:<8} {title}")
    return "\n".join(lines)


def _row(v: Verification) -> str:
    mark = "OK  " if v.ok else "FAIL"
    who = v.signer_name or "-"
    when = (v.signed_at + (" TSA" if v.time_source == "tsa" else "")) if v.signed_at else "-"
    verdict = VERDICT.get(v.verdict, v.verdict) or "-"
    extra = "" if v.ok else f"  ({v.problems[0] if v.problems else 'not verified'})"
    return f"{mark} {v.path.name}  {who}  {when}  {verdict}  {v.chain_position}{extra}"


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        error("no such file or folder: " + ", ".join(str(p) for p in missing))
        return EXIT_USAGE
    signers_file = Path(args.signers) if args.signers else None
    if signers_file is not None and not signers_file.is_file():
        error(f"no such signers file: {signers_file}")
        return EXIT_USAGE
    try:
        results = verify_paths(paths, signers_file)
    except SigningError as exc:
        error(str(exc))
        return EXIT_USAGE
    ok = bool(results) and all(v.ok for v in results)
    if args.json:
        json.dump({"ok": ok, "files": [v.to_json() for v in results]}, sys.stdout, indent=2,
                  ensure_ascii=False)
        sys.stdout.write("\n")
    elif not results:
        print("No checklists (.pdf or .readiness.json) found.")
    elif len(results) == 1 and len(paths) == 1 and not paths[0].is_dir():
        print(_detail(results[0]))
    else:
        for v in results:
            print(_row(v))
        good = sum(v.ok for v in results)
        print(f"\n{good} of {len(results)} files verified against trusted signers.")
    return EXIT_OK if ok else EXIT_FAILED
