"""``readiness signers``: the keys this installation trusts when verifying checklists."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, visible
from readiness.signing import signers
from readiness.signing.errors import SigningError
from readiness.signing.pubkey import short_fingerprint

NAME = "signers"
HELP = "trust a practitioner's key (from their key card), list, rename or remove them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="signers_command", metavar="ACTION")
    p = sub.add_parser("add", help="trust the key in a key card PDF or public key file, or "
                       "follow a key hand-over")
    p.add_argument("file", metavar="KEYCARD|PUBKEY|HANDOVER", help="key card PDF, .pub, .pem, "
                   "one-line allowed_signers file, or a *.readiness-rotation.json hand-over")
    p.add_argument("--name", default="", help="whose key this is (a hand-over keeps the name "
                   "of the key it follows)")
    p.add_argument("--rename", action="store_true", help="rename a key that is already "
                   "trusted under another name")
    p = sub.add_parser("list", help="list the trusted keys")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("remove", help="stop trusting a signer (all of their keys)")
    p.add_argument("signer", metavar="SIGNER", help="their fingerprint (the long SHA256:... "
                   "form or the short one in quotes) or their name")
    p = sub.add_parser("rename", help="change the name a trusted signer is shown under")
    p.add_argument("signer", metavar="SIGNER", help="their fingerprint or current name")
    p.add_argument("name", metavar="NEW_NAME", help="the name to show")


def _add(path: Path, name: str, rename: bool) -> int:
    from readiness.signing.intake import add_signer

    try:
        s = add_signer(path, name, rename=rename)
    except SigningError as exc:
        error(visible(exc))
        return EXIT_FAILED
    if s.predecessor:
        print(f"Trusted the new key of {visible(s.name)}: {s.fingerprint}")
        print(f"It follows their key {s.predecessor}, which signed the hand-over; checklists "
              "signed by either key are now shown as theirs.")
        if name and " ".join(name.split()) != s.name:
            print(f"The name given ({visible(name)}) was not used: a hand-over keeps the name "
                  "of the key it follows.")
        return EXIT_OK
    print(f"Trusted {visible(s.name)}: {short_fingerprint(s.fingerprint)} ({s.fingerprint})")
    everyone = signers.list_signers()
    ident = signers.identities(everyone)
    others = [o for o in everyone if o.name == s.name
              and ident[o.fingerprint] != ident.get(s.fingerprint)]
    if others:
        print(f"Note: another trusted key ({others[0].fingerprint}) also has this name; "
              "their checklists are told apart by key, not by name.")
    print("Compare this fingerprint with the practitioner (aloud, or against the key card "
          "they gave you in person) before relying on it.")
    return EXIT_OK


def _list(as_json: bool) -> int:
    try:
        entries = signers.list_signers()
    except SigningError as exc:
        error(visible(exc))
        return EXIT_FAILED
    if as_json:
        print(json.dumps([s.to_json() for s in entries], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print("No trusted signers yet. Add one: readiness signers add KEYCARD --name NAME")
        return EXIT_OK
    for lineage in signers.lineages(entries):
        current = lineage[-1]
        own = " (this computer's own key)" if any(s.own for s in lineage) else ""
        print(f"{visible(current.name)}{own}")
        for i, s in enumerate(lineage):
            role = "current key" if i == len(lineage) - 1 else "earlier key"
            how = " (by hand-over)" if s.predecessor else ""
            print(f"  {s.fingerprint}  {role}, added {visible(s.added_at)}{how}")
            print(f"    fingerprint to compare: {short_fingerprint(s.fingerprint)}")
    return EXIT_OK


def _remove(which: str) -> int:
    try:
        gone = signers.remove_signer(which)
    except SigningError as exc:
        error(visible(exc))
        return EXIT_FAILED
    print(f"No longer trusted: {visible(gone[-1].name)}")
    for s in gone:
        print(f"  {short_fingerprint(s.fingerprint)}  ({s.fingerprint})")
    print("Checklists they signed will no longer verify on this computer.")
    return EXIT_OK


def _rename(which: str, name: str) -> int:
    try:
        renamed = signers.rename_signer(which, name)
    except SigningError as exc:
        error(visible(exc))
        return EXIT_FAILED
    print(f"Now shown as {visible(renamed[-1].name)}: "
          f"{short_fingerprint(renamed[-1].fingerprint)}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.signers_command == "add":
        path = Path(args.file)
        if not path.exists():
            error(f"no such file: {visible(path)}")
            return EXIT_USAGE
        return _add(path, args.name, args.rename)
    if args.signers_command == "list":
        return _list(args.json)
    if args.signers_command == "remove":
        return _remove(args.signer)
    if args.signers_command == "rename":
        return _rename(args.signer, args.name)
    error("say what to do: readiness signers add FILE --name NAME | list | remove SIGNER | "
          "rename SIGNER NEW_NAME")
    return EXIT_USAGE
