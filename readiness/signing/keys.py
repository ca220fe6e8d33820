"""The practitioner's signing key: creating, restoring and rotating it.

At creation a recovery code (140 random bits, base32 in groups) seals a backup copy of the key,
so losing the keychain entry or the passphrase does not lose the key. Each change here is one
``key_change``: complete, or as if it never started, and never at the cost of the backup the
user's last recovery code opens. Reading and unlocking the key live in ``key_access``; both
are re-exported here, the one module the rest of the app imports.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import dsse, jcs, signers
from readiness.signing import key_change as change
from readiness.signing.errors import (
    CorruptKeyFileError,
    KeyExistsError,
    NoKeyError,
    SigningError,
    WrongPassphraseError,
)
from readiness.signing.key_access import (
    INTERRUPTED_NOTE,
    MIN_PASSPHRASE,
    WEAKER_NOTE,
    backup_text,
    export_card,
    finish,
    has_key,
    interrupted_notice,
    iso,
    key_info,
    load_key,
    needs_passphrase,
    new_recovery_code,
    normalise_recovery_code,
    now,
    preflight,
    protection_for,
    sealed,
)
from readiness.signing.key_seal import (
    SCRYPT_N,
    cert_fingerprint,
    keychain_available,
    make_certificate,
    private_from,
    unseal,
)
from readiness.signing.key_seal import derive as _derive
from readiness.signing.key_seal import new_kdf as _new_kdf
from readiness.signing.key_store import (
    BACKUP_FORMAT,
    BACKUP_FORMAT_V1,
    KEY_FORMAT,
    KEYCHAIN,
    PASSPHRASE,
    Identity,
    KeyDoc,
    KeyInfo,
    LoadedKey,
    backup_path,
    dumps,
    field_at,
    info_from,
    key_path,
    keys_dir,
    read_doc,
    retired_dir,
)
from readiness.signing.pubkey import PublicKey, sign_bytes
from readiness.signing.statement import rotation_statement

__all__ = [
    "BACKUP_FORMAT", "INTERRUPTED_NOTE", "KEYCHAIN", "KEY_FORMAT", "MIN_PASSPHRASE",
    "PASSPHRASE", "SCRYPT_N", "WEAKER_NOTE", "KeyInfo", "LoadedKey", "Rotation", "_derive",
    "_new_kdf", "backup_files", "backup_path", "cert_fingerprint", "export_card", "has_key",
    "init_key", "interrupted_notice", "key_info", "key_path", "keychain_available",
    "keys_dir", "load_key", "needs_passphrase", "new_recovery_code",
    "normalise_recovery_code", "restore_key", "retired_dir", "rotate_key",
]

ROTATION_PREDICATE = "https://readiness.invalid/attestation/key-rotation/v1"


@dataclass(frozen=True)
class Rotation:
    old: KeyInfo
    new: KeyInfo  # carries the new recovery code
    handover_path: Path


# ---------------------------------------------------------------------------------------------
# Changes


def init_key(name: str, registration: str = "", passphrase: str | None = None, *,
             show: Callable[[KeyInfo], None] | None = None,
             shown_later: bool = False) -> KeyInfo:
    """Create the practitioner's key. Returns its details with the recovery code, which must be
    written down (``show`` displays it before earlier backups are let go; with
    ``shown_later`` the caller displays it itself and then calls :func:`recovery_code_shown`,
    until when the change counts as not yet seen); the encrypted backup is at
    ``KeyInfo.backup_path``."""
    name = " ".join(name.split())
    registration = " ".join(registration.split())
    if not name:
        raise SigningError("a name is needed: it is printed on every signed checklist")
    with change.locked():
        change.settle()
        if key_path().exists():
            raise KeyExistsError(
                "a signing key already exists; use 'readiness keys rotate' to replace it"
            )
        if backup_path().exists():  # its code may be the only way back to an earlier key
            raise KeyExistsError(
                f"a recovery backup of an earlier key is kept at {backup_path()}: restore that "
                "key (readiness keys restore), or move the backup elsewhere to start afresh"
            )
        protection = protection_for(passphrase)
        preflight(protection)
        key = ec.generate_private_key(ec.SECP256R1())
        when = now()
        cert = make_certificate(key, name, registration, when)
        who = Identity(str(uuid.uuid4()), name, registration, iso(when))
        kd, secret = sealed(key, who, cert, protection, passphrase)
        code = new_recovery_code()
        plan = change.Plan("init", name, who.key_id, kd.public.openssh, protection)
        change.apply(plan, dumps(kd.doc), backup_text(key, who, cert, code),
                     keychain_secret=secret, retired={},
                     trust=lambda: signers.trust_key(kd.public, name, own=True))
        info = replace(info_from(kd), recovery_code=code)
        if not shown_later:
            finish(plan, (lambda: show(info)) if show else None)
    return info


def recovery_code_shown() -> None:
    """The recovery code of the last key change is on the user's screen: what was kept in
    case it was never seen can go."""
    change.confirm_current()


def backup_files() -> list[Path]:
    """The backups kept here: the current one, then earlier ones kept after a change whose
    new code may not have been seen."""
    return [p for p in (backup_path(), *change.previous_backups()) if p.exists()]


def _open_backup(backup: Path | None, code: str) -> tuple[KeyDoc, ec.EllipticCurvePrivateKey]:
    """The backup ``code`` opens: ``backup``, or else the app's own backup or an earlier one
    kept after a change whose new code may not have been seen."""
    candidates = [backup] if backup is not None else backup_files()
    if not candidates:
        raise NoKeyError(f"there is no backup file at {backup_path()}; name it with --backup FILE")
    damaged: list[CorruptKeyFileError] = []
    for path in candidates:
        try:
            kd = read_doc(path, "backup", (BACKUP_FORMAT, BACKUP_FORMAT_V1))
            der = unseal(kd.doc, _derive(code, kd.doc.get("kdf"), "backup"), kd.header, "backup")
            return kd, private_from(der, kd.public, "backup")
        except WrongPassphraseError:
            continue
        except CorruptKeyFileError as exc:
            damaged.append(exc)
    if len(damaged) == len(candidates):
        raise damaged[0]
    which = "this backup file" if len(candidates) == 1 else "any backup file kept here"
    raise WrongPassphraseError(
        f"that recovery code does not open {which} (check each group of four)"
    )


def restore_key(
    backup: Path | None,
    recovery_code: str,
    passphrase: str | None = None,
    *,
    replace_existing: bool = False,
) -> KeyInfo:
    """Rebuild the key file from an encrypted backup (``backup``, or the ones kept here when
    None) and its recovery code.

    Re-seals under the keychain (or ``passphrase`` where there is none). Replaces an existing
    key file only when it is the same key (repairing a lost keychain entry) or when
    ``replace_existing`` is set."""
    code = normalise_recovery_code(recovery_code)
    with change.locked():
        change.settle()
        kd, key = _open_backup(backup, code)
        try:
            current = key_info()
        except CorruptKeyFileError:
            current = None  # a damaged key file is exactly what a restore repairs
        if current is not None and current.fingerprint_ssh != kd.public.fingerprint and (
            not replace_existing
        ):
            raise KeyExistsError(
                f"a different signing key ({current.fingerprint_ssh}) is set up here; "
                "restoring would replace it. Repeat with the replace option if that is intended."
            )
        kept = field_at(backup_path(), "fingerprint")
        if kept and kept != kd.public.fingerprint and not replace_existing:
            raise KeyExistsError(
                f"the backup kept at {backup_path()} is of a different key; restoring would "
                "set it aside. Repeat with the replace option if that is intended."
            )
        protection = protection_for(passphrase)
        preflight(protection)
        # A new key id: the key file being replaced keeps its keychain entry until the end.
        who = Identity(str(uuid.uuid4()), kd.text("name"), kd.text("registration"),
                       kd.text("created_at") or iso(now()))
        new, secret = sealed(key, who, kd.certificate, protection, passphrase)
        own = kd.path.resolve() == backup_path().resolve()
        plan = change.Plan("restore", who.name, who.key_id, kd.public.openssh, protection,
                           old_key_id=current.key_id if current else "",
                           old_protection=current.protection if current else "")
        change.apply(plan, dumps(new.doc), None if own else dumps(kd.doc),
                     keychain_secret=secret, retired={},
                     trust=lambda: signers.trust_key(kd.public, who.name, own=True))
        change.confirm(plan)
    return info_from(new)


def rotate_key(passphrase: str | None = None, new_passphrase: str | None = None, *,
               show: Callable[[Rotation], None] | None = None, name: str | None = None,
               registration: str | None = None, shown_later: bool = False) -> Rotation:
    """Replace the key with a new one and write a hand-over statement signed by both.

    The old public key is kept (``keys/retired``) and stays trusted for the reports it signed;
    the old private key is destroyed. A new recovery code and backup replace the old ones; the
    old backup is kept until ``show`` has displayed the new code.

    The key's name is the practitioner's identity on every checklist (the one owner of it), so
    a new ``name`` or ``registration`` is taken only here: the new key's certificate, key file,
    backup and trust entry all carry it, and the hand-over names the old one.

    With ``shown_later`` (the app) the caller displays the new code and then calls
    :func:`recovery_code_shown`, as for :func:`init_key`."""
    new_name = None if name is None else " ".join(name.split())
    if new_name == "":
        raise SigningError("a name is needed: it is printed on every signed checklist")
    with change.locked():
        change.settle()
        old = load_key(passphrase)
        name = new_name or old.info.name
        registration = (old.info.registration if registration is None
                        else " ".join(registration.split()))
        if new_passphrase is None and old.info.protection == PASSPHRASE and (
            not keychain_available()
        ):
            new_passphrase = passphrase
        protection = protection_for(new_passphrase)
        preflight(protection, retired_dir())
        new_key = ec.generate_private_key(ec.SECP256R1())
        when = now()
        retired, handover = _retirement(old, new_key, when)
        cert = make_certificate(new_key, name, registration, when)
        who = Identity(str(uuid.uuid4()), name, registration, iso(when))
        kd, secret = sealed(new_key, who, cert, protection, new_passphrase)
        code = new_recovery_code()
        plan = change.Plan("rotate", name, who.key_id, kd.public.openssh, protection,
                           old_key_id=old.info.key_id, old_fingerprint=old.info.fingerprint_ssh,
                           old_protection=old.info.protection, retired_files=tuple(retired))
        change.apply(plan, dumps(kd.doc), backup_text(new_key, who, cert, code),
                     keychain_secret=secret, retired=retired,
                     trust=lambda: signers.trust_key(kd.public, name, own=True,
                                                     predecessor=old.info.fingerprint_ssh))
        rotation = Rotation(old.info, replace(info_from(kd), recovery_code=code),
                            retired_dir() / handover)
        if not shown_later:
            finish(plan, (lambda: show(rotation)) if show else None)
    return rotation


def _retirement(old: LoadedKey, new_key: ec.EllipticCurvePrivateKey,
                when: dt.datetime) -> tuple[dict[str, str], str]:
    """The hand-over statement (signed by both keys) and the retired key's record, by file
    name under ``keys/retired``; and the hand-over's name."""
    new_pub = PublicKey.from_private(new_key)
    payload = jcs.canonical(rotation_statement(old.info, old.public, new_pub, iso(when)))
    envelope = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [
        (old.public.fingerprint, old.sign),
        (new_pub.fingerprint, lambda m: sign_bytes(new_key, m)),
    ])
    stamp = iso(when).replace(":", "")
    suffix = ""
    for i in range(2, 100):  # two rotations in one second must not share (or undo) files
        if not (retired_dir() / f"handover-{stamp}{suffix}.readiness-rotation.json").exists():
            break
        suffix = f"-{i}"
    handover = f"handover-{stamp}{suffix}.readiness-rotation.json"
    record: dict[str, Any] = {
        "format": "readiness-retired-key/1", "name": old.info.name,
        "registration": old.info.registration, "created_at": old.info.created_at,
        "retired_at": iso(when), "public_key": old.info.public_key,
        "fingerprint": old.info.fingerprint_ssh,
    }
    return {
        handover: json.dumps(envelope.to_json(), indent=2) + "\n",
        f"retired-{stamp}{suffix}.json": json.dumps(record, indent=2) + "\n",
    }, handover
