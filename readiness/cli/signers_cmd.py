"""``readiness signers``: the keys this installation trusts when verifying checklists."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from readiness.signing import signers
from readiness.signing.errors import SigningError

NAME = "signers"
HELP = "trust a practitioner's key (from their key card) or list trusted keys"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="signers_command", metavar="ACTION")
    p = sub.add_parser("add", help="trust the key in a key card PDF or public key file")
    p.add_argument("file", metavar="KEYCARD|PUBKEY", help="key card PDF, .pub, .pem or "
                   "allowed_signers file")
    p.add_argument("--name", required=True, help="whose key this is")
    p = sub.add_parser("list", help="list the trusted keys")
    p.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    if args.signers_command == "add":
        path = Path(args.file)
        if not path.is_file():
            error(f"no such file: {path}")
            return EXIT_USAGE
        try:
            s = signers.add_signer(path, args.name)
        except SigningError as exc:
            error(str(exc))
            return EXIT_FAILED
        print(f"Trusted {s.name}: {s.fingerprint}")
        print("Compare this fingerprint with the practitioner (aloud, or against the key card "
              "they gave you in person) before relying on it.")
        return EXIT_OK
    if args.signers_command == "list":
        try:
            entries = signers.list_signers()
        except SigningError as exc:
            error(str(exc))
            return EXIT_FAILED
        if args.json:
            print(json.dumps([s.to_json() for s in entries], indent=2, ensure_ascii=False))
        elif not entries:
            print("No trusted signers yet. Add one: readiness signers add KEYCARD --name NAME")
        else:
            for s in entries:
                own = " (this computer's own key)" if s.own else ""
                print(f"{s.fingerprint}  {s.name}{own}  added {s.added_at}")
        return EXIT_OK
    error("say what to do: readiness signers add FILE --name NAME | readiness signers list")
    return EXIT_USAGE
