"""The key file and the recovery backup on disk: where they live, what they hold, and reading
them strictly (every field's type checked, size and nesting capped) so a damaged or hostile
file is a one-line error and is left as it is.

Both files are JSON: a header (format, ids, names, public key, key derivation and, from
format 2, the certificate), the sealed private key, and a copy of the fingerprint. The header
is the AES-GCM associated data, so none of it can be changed without breaking the seal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from readiness import files
from readiness.paths import data_dir
from readiness.signing.errors import CorruptKeyFileError, NoKeyError
from readiness.signing.key_seal import (
    bound_certificate,
    cert_fingerprint,
    cert_pem,
    pkcs8,
    seal,
)
from readiness.signing.pubkey import PublicKey, PublicKeyError, sign_bytes

KEY_FORMAT_V1 = "readiness-key/1"
KEY_FORMAT = "readiness-key/2"  # format 2 also authenticates the certificate
BACKUP_FORMAT_V1 = "readiness-key-backup/1"
BACKUP_FORMAT = "readiness-key-backup/2"
KEYCHAIN = "keychain"
PASSPHRASE = "passphrase"
MAX_KEY_FILE = 64 * 1024  # a key file is about 2 KB

_HEADER_V1 = ("format", "key_id", "protection", "public_key", "kdf", "name", "registration",
              "created_at")
_HEADER_V2 = (*_HEADER_V1, "certificate")
_TEXT_FIELDS = ("format", "key_id", "name", "created_at", "public_key", "certificate", "nonce",
                "ciphertext")
_KDF_FIELDS = {"name": str, "n": int, "r": int, "p": int, "salt": str}

NO_KEY = "no signing key has been set up yet; create one first (readiness keys init)"


@dataclass(frozen=True)
class KeyInfo:
    name: str
    registration: str
    created_at: str
    fingerprint_ssh: str
    recovery_code: str  # only set straight after creation or rotation
    protection: str  # "keychain" | "passphrase"
    public_key: str = ""  # OpenSSH line
    cert_fingerprint_sha256: str = ""  # "AB:CD:..." as Adobe shows it
    key_id: str = ""
    backup_path: str = ""

    @property
    def weaker_protection(self) -> bool:
        return self.protection == PASSPHRASE


@dataclass(frozen=True)
class LoadedKey:
    """An unlocked key, for the signing code only; never written anywhere in this form."""

    private: ec.EllipticCurvePrivateKey
    info: KeyInfo
    certificate: x509.Certificate

    @property
    def public(self) -> PublicKey:
        return PublicKey.from_private(self.private)

    def sign(self, message: bytes) -> bytes:
        return sign_bytes(self.private, message)


# ---------------------------------------------------------------------------------------------
# Locations


def keys_dir() -> Path:
    return data_dir() / "keys"


def key_path() -> Path:
    return keys_dir() / "signing-key.json"


def backup_path() -> Path:
    return keys_dir() / "recovery-backup.json"


def retired_dir() -> Path:
    return keys_dir() / "retired"


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class KeyDoc:
    """A key or backup file whose fields all have the right types, its certificate checked
    against its public key."""

    doc: dict[str, Any]
    public: PublicKey
    certificate: x509.Certificate
    path: Path

    @property
    def header(self) -> dict[str, Any]:
        return header(self.doc)

    def text(self, field: str) -> str:
        value = self.doc.get(field, "")
        return value if isinstance(value, str) else ""


def _damaged(what: str, path: Path, reason: str) -> CorruptKeyFileError:
    advice = " Restore the key from your recovery code (readiness keys restore)." if (
        what == "key") else ""
    return CorruptKeyFileError(files.one_line(
        f"the {what} file at {path} is damaged ({reason}); it has been left as it is.{advice}"
    ))


def read_doc(path: Path, what: str, formats: tuple[str, ...]) -> KeyDoc:
    """Read and check a key (``what`` "key") or backup file; NoKeyError when it is missing."""
    data = files.read_json(
        path, CorruptKeyFileError, missing=None,
        unreadable=f"the {what} file at {{path}} cannot be read ({{exc}}); "
                   "it has been left as it is",
        invalid=f"the {what} file at {{path}} is damaged ({{exc}}); it has been left as it is",
        max_bytes=MAX_KEY_FILE, max_depth=8,
    )
    if data is files.ABSENT:
        raise NoKeyError(NO_KEY if what == "key" else f"there is no backup file at {path}")
    if not isinstance(data, dict):
        raise _damaged(what, path, "it is not a JSON object")
    if data.get("format") not in formats:
        raise CorruptKeyFileError(files.one_line(
            f"{path} is not a Readiness {what} file this version can read (unknown format)"
        ))
    _check_fields(data, what, path)
    try:
        public = PublicKey.parse(data["public_key"])
    except PublicKeyError as exc:
        raise _damaged(what, path, f"its public key cannot be read: {exc}") from None
    cert = bound_certificate(data["certificate"], public, what)
    return KeyDoc(data, public, cert, path)


def _check_fields(doc: dict[str, Any], what: str, path: Path) -> None:
    for field in _TEXT_FIELDS:
        if not isinstance(doc.get(field), str):
            raise _damaged(what, path, f"its {field} is missing or not text")
    for field in ("registration", "protection", "fingerprint"):
        if field in doc and not isinstance(doc[field], str):
            raise _damaged(what, path, f"its {field} is not text")
    if what == "key" and "protection" not in doc:
        raise _damaged(what, path, "it does not say how the key is protected")
    if "kdf" in doc:
        kdf = doc["kdf"]
        if not isinstance(kdf, dict) or set(kdf) != set(_KDF_FIELDS) or any(
            type(kdf[k]) is not t for k, t in _KDF_FIELDS.items()  # bool is not an int here
        ):
            raise _damaged(what, path, "its key-derivation settings are malformed")


def header(doc: dict[str, Any]) -> dict[str, Any]:
    """The authenticated part of a key or backup document (format 1 left the certificate
    out; such files still load, their certificate checked against the key instead)."""
    fields = _HEADER_V2 if doc.get("format") in (KEY_FORMAT, BACKUP_FORMAT) else _HEADER_V1
    return {k: doc[k] for k in fields if k in doc}


def info_from(kd: KeyDoc, *, recovery_code: str = "") -> KeyInfo:
    return KeyInfo(
        name=kd.text("name"),
        registration=kd.text("registration"),
        created_at=kd.text("created_at"),
        fingerprint_ssh=kd.public.fingerprint,
        recovery_code=recovery_code,
        protection=kd.text("protection"),
        public_key=kd.public.openssh,
        cert_fingerprint_sha256=cert_fingerprint(kd.certificate),
        key_id=kd.text("key_id"),
        backup_path=str(backup_path()),
    )


def field_at(path: Path, field: str) -> str:
    """A text field of a key or backup file, or "" when the file is missing or unreadable
    (used only to tell which key or which side of a change a file is on)."""
    try:
        doc = json.loads(path.read_bytes()[:MAX_KEY_FILE])
        value = doc[field]
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        return ""
    return value if isinstance(value, str) else ""


# ---------------------------------------------------------------------------------------------
# Building


@dataclass(frozen=True)
class Identity:
    key_id: str
    name: str
    registration: str
    created_at: str


def build_doc(key: ec.EllipticCurvePrivateKey, who: Identity, cert: x509.Certificate, *,
              wrapping: bytes, protection: str = "", kdf: dict[str, Any] | None = None) -> (
        dict[str, Any]):
    """A sealed key file (``protection`` given) or backup file (no protection, a kdf)."""
    pub = PublicKey.from_private(key)
    doc: dict[str, Any] = {
        "format": KEY_FORMAT if protection else BACKUP_FORMAT,
        "key_id": who.key_id,
        "name": who.name,
        "registration": who.registration,
        "created_at": who.created_at,
        "public_key": pub.openssh,
    }
    if protection:
        doc["protection"] = protection
    if kdf is not None:
        doc["kdf"] = kdf
    doc["certificate"] = cert_pem(cert)
    doc.update(seal(pkcs8(key), wrapping, header(doc)))
    doc["fingerprint"] = pub.fingerprint
    return doc


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2) + "\n"
