"""Reading and unlocking the practitioner's key, the recovery code, and the pieces every
change of key shares (choosing the protection, checking before writing, sealing).

One ECDSA P-256 key per practitioner, sealed at rest (``key_seal``) in the key file
(``key_store``); ``keys`` makes the changes (``key_change``) out of these pieces.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import key_change as change
from readiness.signing import signers
from readiness.signing.errors import (
    CorruptKeyFileError,
    KeychainEntryLostError,
    NoKeyError,
    PassphraseRequiredError,
    SigningError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from readiness.signing.key_seal import (
    derive,
    keychain_available,
    keychain_check,
    keychain_get,
    new_kdf,
    private_from,
    unseal,
)
from readiness.signing.key_store import (
    KEY_FORMAT,
    KEY_FORMAT_V1,
    KEYCHAIN,
    PASSPHRASE,
    Identity,
    KeyDoc,
    KeyInfo,
    LoadedKey,
    build_doc,
    dumps,
    info_from,
    key_path,
    keys_dir,
    read_doc,
)
from readiness.signing.pubkey import PublicKey

MIN_PASSPHRASE = 10
RECOVERY_BYTES = 35  # 280 bits, trimmed to 28 base32 characters = 140 bits
RECOVERY_CHARS = 28

WEAKER_NOTE = (
    "This computer has no keychain, so your key is protected by your passphrase alone. "
    "That is weaker than a keychain: choose a long passphrase and keep it safe."
)
INTERRUPTED_NOTE = (
    "an earlier 'keys init' or 'keys rotate' was interrupted after making the new key, "
    "perhaps before its recovery code was shown; if you did not write that code down, run "
    "'readiness keys rotate' for a new key and code"
)

# ---------------------------------------------------------------------------------------------
# Recovery code

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")[:RECOVERY_CHARS]
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CHARS, 4))


def normalise_recovery_code(text: str) -> str:
    """Accept the code however it was typed: spaces, dashes, lower case, 0/1/8 for O/I/B."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != RECOVERY_CHARS or any(ch not in _B32 for ch in cleaned):
        raise WrongPassphraseError(
            f"a recovery code has {RECOVERY_CHARS} letters and digits (2-7) in groups of four; "
            "this one does not"
        )
    return "-".join(cleaned[i : i + 4] for i in range(0, RECOVERY_CHARS, 4))


# ---------------------------------------------------------------------------------------------
# Reading and unlocking


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def key_doc() -> KeyDoc:
    change.settle()
    return read_doc(key_path(), "key", (KEY_FORMAT, KEY_FORMAT_V1))


def has_key() -> bool:
    with contextlib.suppress(SigningError):  # reported by whatever reads the key next
        change.settle()
    return key_path().exists()


def key_info() -> KeyInfo | None:
    """The current key's public details (recovery code empty), or None when there is none."""
    try:
        return info_from(key_doc())
    except NoKeyError:
        return None


def interrupted_notice() -> str:
    """A note for the user when a finished change's recovery code may never have been shown."""
    return INTERRUPTED_NOTE if change.unconfirmed() else ""


def needs_passphrase() -> bool:
    """True when no keychain is available, so a passphrase must protect the key."""
    info = key_info()
    if info is not None:
        return info.protection == PASSPHRASE
    return not keychain_available()


def unlock(kd: KeyDoc, passphrase: str | None) -> ec.EllipticCurvePrivateKey:
    protection = kd.text("protection")
    if protection == KEYCHAIN:
        wrapping = keychain_get(kd.text("key_id"))
        if wrapping is None:
            raise KeychainEntryLostError(
                "the key's secret is missing from this computer's keychain (it may have been "
                "reset or the profile moved). Restore the key from your recovery code and "
                "backup file: readiness keys restore"
            )
        try:
            der = unseal(kd.doc, wrapping, kd.header, "key")
        except WrongPassphraseError:
            raise KeychainEntryLostError(
                "the keychain's secret does not unlock the key file; restore the key from "
                "your recovery code (readiness keys restore)"
            ) from None
    elif protection == PASSPHRASE:
        if passphrase is None:
            raise PassphraseRequiredError("the signing key is protected by a passphrase; enter it")
        wrapping = derive(passphrase, kd.doc.get("kdf"), "key")
        try:
            der = unseal(kd.doc, wrapping, kd.header, "key")
        except WrongPassphraseError:
            raise WrongPassphraseError("that passphrase does not unlock your signing key") from None
    else:
        raise CorruptKeyFileError("the key file names an unknown protection")
    return private_from(der, kd.public, "key")


def load_key(passphrase: str | None = None) -> LoadedKey:
    """Unlock the current key for signing."""
    kd = key_doc()
    return LoadedKey(unlock(kd, passphrase), info_from(kd), kd.certificate)


def export_card(out_dir: Path) -> list[Path]:
    """Write the key card PDF, the public key and the allowed_signers file into ``out_dir``."""
    from readiness.signing.keycard import write_key_card

    kd = key_doc()
    return write_key_card(info_from(kd), kd.certificate, out_dir)


# ---------------------------------------------------------------------------------------------
# Building a change


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphraseError(
            f"the passphrase must be at least {MIN_PASSPHRASE} characters long"
        )


def protection_for(passphrase: str | None) -> str:
    if passphrase is not None:
        check_passphrase(passphrase)
        return PASSPHRASE
    if not keychain_available():
        raise PassphraseRequiredError(
            "this computer has no keychain, so the key must be protected by a passphrase; "
            "give one (e.g. --passphrase-file)"
        )
    return KEYCHAIN


def preflight(protection: str, *folders: Path) -> None:
    """Everything the change depends on, checked before anything is written."""
    signers.list_signers()  # a damaged trusted-signer list stops the change here
    change.check_writable(keys_dir(), signers.signers_path().parent, *folders)
    if protection == KEYCHAIN:
        keychain_check()


def sealed(key: ec.EllipticCurvePrivateKey, who: Identity, cert: x509.Certificate,
            protection: str, passphrase: str | None) -> tuple[KeyDoc, bytes | None]:
    """The new key file, and the secret the keychain must hold for it (if any)."""
    if protection == KEYCHAIN:
        secret = secrets.token_bytes(32)
        doc = build_doc(key, who, cert, wrapping=secret, protection=KEYCHAIN)
    else:
        kdf = new_kdf()
        secret = None
        doc = build_doc(key, who, cert, wrapping=derive(passphrase or "", kdf, "key"),
                        protection=PASSPHRASE, kdf=kdf)
    public = PublicKey.from_private(key)
    return KeyDoc(doc, public, cert, key_path()), secret


def backup_text(key: ec.EllipticCurvePrivateKey, who: Identity, cert: x509.Certificate,
                 code: str) -> str:
    kdf = new_kdf()
    wrapping = derive(normalise_recovery_code(code), kdf, "backup")
    return dumps(build_doc(key, who, cert, wrapping=wrapping, kdf=kdf))


def finish(plan: change.Plan, shown: Callable[[], None] | None) -> None:
    # Earlier backups go only once the new code is on screen; a caller without ``show`` (the
    # app's wizard) displays the returned code itself.
    if shown is not None:
        shown()
    change.confirm(plan)
