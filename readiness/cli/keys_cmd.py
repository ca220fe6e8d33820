"""``readiness keys``: create, show, export, rotate and restore the signing key."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from readiness.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from readiness.files import describe_os_error, one_line
from readiness.signing import keys
from readiness.signing.errors import SigningError

NAME = "keys"
HELP = "create and manage the key that signs your checklists"


class SecretUnavailable(Exception):
    """No passphrase file and no terminal to ask on."""


def read_secret_file(path: str) -> str:
    """The first line of a file, without its line ending (so `echo pass > f` works)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretUnavailable(f"cannot read {path}: {exc}") from None
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line:
        raise SecretUnavailable(f"{path} is empty")
    return line


def ask_secret(prompt: str, *, file: str | None, confirm: bool = False,
               what: str = "--passphrase-file") -> str:
    if file:
        return read_secret_file(file)
    if not sys.stdin.isatty():
        raise SecretUnavailable(
            f"a passphrase is needed and there is no terminal to ask on; use {what} FILE"
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat it: ") != first:
        raise SecretUnavailable("the two entries differ; nothing was changed")
    return first


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="keys_command", metavar="ACTION")
    p = sub.add_parser("init", help="create your signing key (once)")
    p.add_argument("--name", required=True, help="your name as it should appear on checklists")
    p.add_argument("--registration", default="", help="e.g. your BACP membership number")
    p.add_argument("--passphrase-file", metavar="F",
                   help="read the passphrase from this file (used when there is no keychain)")
    p = sub.add_parser("show", help="show your key's details and fingerprint")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("export-card", help="write the key card PDF, public key and "
                       "allowed_signers files for your supervisor")
    p.add_argument("--out", metavar="DIR", required=True, help="folder to write them into")
    p = sub.add_parser("rotate", help="replace your key; the old one signs a hand-over")
    p.add_argument("--passphrase-file", metavar="F", help="the current key's passphrase")
    p.add_argument("--new-passphrase-file", metavar="F",
                   help="passphrase for the new key (default: keep the current one)")
    p.add_argument("--name", help="the name the new key prints on checklists (default: the "
                   "current one); the name belongs to the key, so it changes only this way")
    p.add_argument("--registration", help="the registration the new key prints (default: the "
                   "current one)")
    p = sub.add_parser("restore", help="rebuild your key from the backup file and recovery code")
    p.add_argument("--backup", metavar="FILE", help="the encrypted backup file "
                   "(default: the ones kept in the app's data folder)")
    p.add_argument("--recovery-code-file", metavar="F", help="read the recovery code from a file")
    p.add_argument("--passphrase-file", metavar="F",
                   help="passphrase to protect the restored key (when there is no keychain)")
    p.add_argument("--replace", action="store_true",
                   help="replace a different key that is set up here")


def _print_info(info: keys.KeyInfo) -> None:
    print(f"Name:          {info.name}")
    if info.registration:
        print(f"Registration:  {info.registration}")
    print(f"Created:       {info.created_at}")
    print(f"Fingerprint:   {info.fingerprint_ssh}")
    print(f"Certificate:   SHA-256 {info.cert_fingerprint_sha256}")
    print(f"Protection:    {info.protection}")
    if info.weaker_protection:
        print(f"               {keys.WEAKER_NOTE}")


def _print_recovery(info: keys.KeyInfo) -> None:
    print()
    print("RECOVERY CODE (write it down now; it is shown only once):")
    print(f"    {info.recovery_code}")
    print(f"Encrypted backup of the key: {info.backup_path}")
    print("Keep a copy of the backup file somewhere safe (not only on this computer). With the "
          "code it restores the key: readiness keys restore")


def _init(args: argparse.Namespace) -> int:
    passphrase = None
    if args.passphrase_file or keys.needs_passphrase():
        passphrase = ask_secret("Choose a passphrase for your key: ",
                                file=args.passphrase_file, confirm=True)

    def show(info: keys.KeyInfo) -> None:
        print("Your signing key is ready.")
        _print_info(info)
        _print_recovery(info)
        print("\nNext: readiness keys export-card --out DIR, and give the key card to your "
              "supervisor.", flush=True)

    keys.init_key(args.name, args.registration, passphrase=passphrase, show=show)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    info = keys.key_info()
    if info is None:
        error("no signing key has been set up yet; "
              "create one with: readiness keys init --name NAME")
        return EXIT_FAILED
    if args.json:
        print(json.dumps({
            "name": info.name, "registration": info.registration,
            "created_at": info.created_at, "fingerprint": info.fingerprint_ssh,
            "certificate_sha256": info.cert_fingerprint_sha256, "protection": info.protection,
            "public_key": info.public_key,
        }, indent=2, ensure_ascii=False))
    else:
        _print_info(info)
    notice = keys.interrupted_notice()
    if notice:
        print(f"readiness: note: {notice}", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        error(f"{out} is not a folder")
        return EXIT_USAGE
    for path in keys.export_card(out):
        print(path)
    return EXIT_OK


def _rotate(args: argparse.Namespace) -> int:
    passphrase = None
    if keys.needs_passphrase():
        passphrase = ask_secret("Current passphrase: ", file=args.passphrase_file)
    new_passphrase = None
    if args.new_passphrase_file:
        new_passphrase = read_secret_file(args.new_passphrase_file)

    def show(rotation: keys.Rotation) -> None:
        print(f"Old key {rotation.old.fingerprint_ssh} handed over to the new key.")
        print(f"Hand-over statement (signed by both keys): {rotation.handover_path}")
        _print_info(rotation.new)
        _print_recovery(rotation.new)
        print("\nGive your supervisor the new key card (readiness keys export-card) and the "
              "hand-over statement. Checklists signed with the old key still verify.",
              flush=True)

    keys.rotate_key(passphrase, new_passphrase, show=show, name=args.name,
                    registration=args.registration)
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    backup = Path(args.backup) if args.backup else None
    if backup is not None and not backup.is_file():
        error(f"no backup file at {backup}; name it with --backup FILE")
        return EXIT_USAGE
    if backup is None and not keys.backup_files():
        error(f"no backup file at {keys.backup_path()}; name it with --backup FILE")
        return EXIT_USAGE
    code = ask_secret("Recovery code: ", file=args.recovery_code_file,
                      what="--recovery-code-file")
    passphrase = None
    if args.passphrase_file or not keys.keychain_available():
        passphrase = ask_secret("Choose a passphrase for the restored key: ",
                                file=args.passphrase_file, confirm=True)
    info = keys.restore_key(backup, code, passphrase, replace_existing=args.replace)
    print("Your signing key has been restored.")
    _print_info(info)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    handlers = {"init": _init, "show": _show, "export-card": _export, "rotate": _rotate,
                "restore": _restore}
    handler = handlers.get(args.keys_command or "")
    if handler is None:
        error("say what to do: readiness keys init|show|export-card|rotate|restore")
        return EXIT_USAGE
    try:
        return handler(args)
    except SecretUnavailable as exc:
        error(str(exc))
        return EXIT_USAGE
    except SigningError as exc:
        error(one_line(str(exc)))
        return EXIT_FAILED
    except OSError as exc:  # e.g. the card's folder cannot be written
        where = f" ({exc.filename})" if exc.filename else ""
        error(one_line(f"{describe_os_error(exc)}{where}"))
        return EXIT_FAILED
