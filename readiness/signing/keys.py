"""The practitioner's signing key: creation, storage at rest, recovery, rotation.

One ECDSA P-256 key per practitioner. At rest the private key (PKCS#8 DER) is sealed with
AES-256-GCM. The 32-byte wrapping key lives in the OS keychain (``keyring``); where there is no
keychain (headless Linux) it is derived from a passphrase with scrypt (n = 2^17), which is
weaker because a person chose the secret. PKCS#8 ``BestAvailableEncryption`` is never used: it
applies only 2048 PBKDF2 rounds to a human password.

At creation a recovery code (140 random bits, base32 in groups) seals a backup copy of the key,
so losing the keychain entry or the passphrase does not lose the key.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.x509.oid import NameOID

from readiness.paths import data_dir
from readiness.signing import jcs
from readiness.signing.errors import (
    CorruptKeyFileError,
    KeychainEntryLostError,
    KeyExistsError,
    NoKeyError,
    PassphraseRequiredError,
    SigningError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from readiness.signing.files import atomic_write_text
from readiness.signing.pubkey import PublicKey, sign_bytes

KEY_FORMAT = "readiness-key/1"
BACKUP_FORMAT = "readiness-key-backup/1"
KEYRING_SERVICE = "Readiness signing key"
SCRYPT_N = 2**17  # ~0.25 s and 128 MiB per attempt: slows guessing of a human passphrase
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 10
RECOVERY_BYTES = 35  # 280 bits, trimmed to 28 base32 characters = 140 bits
RECOVERY_CHARS = 28
CERT_YEARS = 5

KEYCHAIN = "keychain"
PASSPHRASE = "passphrase"

WEAKER_NOTE = (
    "This computer has no keychain, so your key is protected by your passphrase alone. "
    "That is weaker than a keychain: choose a long passphrase and keep it safe."
)


@dataclass(frozen=True)
class KeyInfo:
    name: str
    registration: str
    created_at: str
    fingerprint_ssh: str
    recovery_code: str  # only set straight after creation, rotation or restore
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
# Keychain


def keychain_available() -> bool:
    """True when ``keyring`` has a real backend (not the fail/null placeholders)."""
    try:
        kr = keyring.get_keyring()
    except Exception:
        return False
    module = type(kr).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    try:
        return float(getattr(kr, "priority", 0)) > 0
    except (TypeError, ValueError):
        return False


def needs_passphrase() -> bool:
    """True when no keychain is available, so a passphrase must protect the key."""
    info = key_info()
    if info is not None:
        return info.protection == PASSPHRASE
    return not keychain_available()


def _keychain_set(key_id: str, secret: bytes) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, key_id, base64.b64encode(secret).decode("ascii"))
    except keyring.errors.KeyringError as exc:
        raise SigningError(
            f"the keychain refused to store the key's wrapping secret: {exc}"
        ) from None


def _keychain_get(key_id: str) -> bytes | None:
    try:
        value = keyring.get_password(KEYRING_SERVICE, key_id)
    except keyring.errors.KeyringError:
        return None
    if value is None:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def _keychain_delete(key_id: str) -> None:
    try:
        keyring.delete_password(KEYRING_SERVICE, key_id)
    except keyring.errors.KeyringError:
        pass


# ---------------------------------------------------------------------------------------------
# Sealing


def _scrypt(
    secret: bytes, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise CorruptKeyFileError(f"the {what} file is damaged (a field is missing)")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise CorruptKeyFileError(f"the {what} file is damaged (bad base64)") from None


def _aad(header: dict[str, Any]) -> bytes:
    # Binds the ciphertext to its header: swapping the public key, id or protection breaks it.
    return jcs.canonical(header)


def _seal(plaintext: bytes, wrapping_key: bytes, header: dict[str, Any]) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    ct = AESGCM(wrapping_key).encrypt(nonce, plaintext, _aad(header))
    return {"nonce": _b64(nonce), "ciphertext": _b64(ct)}


def _open(doc: dict[str, Any], wrapping_key: bytes, header: dict[str, Any], what: str) -> bytes:
    nonce = _unb64(doc.get("nonce"), what)
    ct = _unb64(doc.get("ciphertext"), what)
    try:
        return AESGCM(wrapping_key).decrypt(nonce, ct, _aad(header))
    except InvalidTag:
        raise WrongPassphraseError("wrong secret") from None
    except ValueError:
        raise CorruptKeyFileError(f"the {what} file is damaged") from None


def _new_kdf() -> dict[str, Any]:
    return {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": _b64(secrets.token_bytes(16))}


def _derive(secret: str, kdf: Any, what: str) -> bytes:
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise CorruptKeyFileError(f"the {what} file names an unknown key derivation")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not (type(n) is int and type(r) is int and type(p) is int):
        raise CorruptKeyFileError(f"the {what} file has malformed key-derivation settings")
    # Refuse settings an attacker could lower (cheap guessing) or raise (exhaust memory).
    if not (2**14 <= n <= 2**20 and r == 8 and p == 1):
        raise CorruptKeyFileError(f"the {what} file has unsafe key-derivation settings")
    return _scrypt(secret.encode("utf-8"), _unb64(kdf.get("salt"), what), n, r, p)


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
# Certificate (for the PDF signature)


def _make_certificate(key: ec.EllipticCurvePrivateKey, name: str, registration: str,
                      now: dt.datetime) -> x509.Certificate:
    cn = name if not registration else f"{name} ({registration})"
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, cn[:64]),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Readiness checklist signing key"),
    ])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * CERT_YEARS + 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return builder.sign(key, hashes.SHA256())


def cert_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate, upper-case hex in colon pairs, as Adobe Reader shows it."""
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


# ---------------------------------------------------------------------------------------------
# Key file


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NoKeyError(
            "no signing key has been set up yet; create one first (readiness keys init)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptKeyFileError(
            f"the {what} file at {path} is damaged ({exc}); it has been left as it is. "
            "Restore the key from your recovery code (readiness keys restore)."
        ) from None
    if not isinstance(data, dict):
        raise CorruptKeyFileError(f"the {what} file at {path} is not a Readiness {what} file")
    return data


def _header(doc: dict[str, Any]) -> dict[str, Any]:
    keys = ("format", "key_id", "protection", "public_key", "kdf", "name", "registration",
            "created_at")
    return {k: doc[k] for k in keys if k in doc}


def _info_from(doc: dict[str, Any], *, recovery_code: str = "") -> KeyInfo:
    try:
        pub = PublicKey.parse(str(doc["public_key"]))
        cert = x509.load_pem_x509_certificate(str(doc["certificate"]).encode("ascii"))
        return KeyInfo(
            name=str(doc["name"]),
            registration=str(doc.get("registration", "")),
            created_at=str(doc["created_at"]),
            fingerprint_ssh=pub.fingerprint,
            recovery_code=recovery_code,
            protection=str(doc["protection"]),
            public_key=pub.openssh,
            cert_fingerprint_sha256=cert_fingerprint(cert),
            key_id=str(doc["key_id"]),
            backup_path=str(backup_path()),
        )
    except (KeyError, ValueError, SigningError) as exc:
        raise CorruptKeyFileError(f"the key file is damaged ({exc})") from None


def has_key() -> bool:
    return key_path().exists()


def key_info() -> KeyInfo | None:
    """The current key's public details (recovery code empty), or None when there is none."""
    if not has_key():
        return None
    return _info_from(_read_json(key_path(), "key"))


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphraseError(
            f"the passphrase must be at least {MIN_PASSPHRASE} characters long"
        )


def _write_key(
    key: ec.EllipticCurvePrivateKey,
    *,
    key_id: str,
    name: str,
    registration: str,
    created_at: str,
    certificate: x509.Certificate,
    passphrase: str | None,
) -> KeyInfo:
    """Seal ``key`` under the keychain (passphrase None and a keychain present) or the
    passphrase, and write the key file (0600)."""
    if passphrase is None and not keychain_available():
        raise PassphraseRequiredError(
            "this computer has no keychain, so the key must be protected by a passphrase; "
            "give one (e.g. --passphrase-file)"
        )
    pub = PublicKey.from_private(key)
    doc: dict[str, Any] = {
        "format": KEY_FORMAT,
        "key_id": key_id,
        "name": name,
        "registration": registration,
        "created_at": created_at,
        "public_key": pub.openssh,
        "protection": KEYCHAIN if passphrase is None else PASSPHRASE,
    }
    if passphrase is None:
        wrapping = secrets.token_bytes(32)
        _keychain_set(key_id, wrapping)
    else:
        _check_passphrase(passphrase)
        doc["kdf"] = _new_kdf()
        wrapping = _derive(passphrase, doc["kdf"], "key")
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    doc.update(_seal(pkcs8, wrapping, _header(doc)))
    doc["certificate"] = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    doc["fingerprint"] = pub.fingerprint
    atomic_write_text(key_path(), json.dumps(doc, indent=2) + "\n", private=True)
    return _info_from(doc)


def _write_backup(key: ec.EllipticCurvePrivateKey, info: KeyInfo, certificate: x509.Certificate,
                  code: str, path: Path | None = None) -> Path:
    pub = PublicKey.from_private(key)
    doc: dict[str, Any] = {
        "format": BACKUP_FORMAT,
        "key_id": info.key_id,
        "name": info.name,
        "registration": info.registration,
        "created_at": info.created_at,
        "public_key": pub.openssh,
        "kdf": _new_kdf(),
    }
    wrapping = _derive(normalise_recovery_code(code), doc["kdf"], "backup")
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    doc.update(_seal(pkcs8, wrapping, _header(doc)))
    doc["certificate"] = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    doc["fingerprint"] = pub.fingerprint
    target = path or backup_path()
    atomic_write_text(target, json.dumps(doc, indent=2) + "\n", private=True)
    return target


def init_key(name: str, registration: str = "", passphrase: str | None = None) -> KeyInfo:
    """Create the practitioner's key. Returns its details with the recovery code, which is
    shown once and must be written down; the encrypted backup is at ``KeyInfo.backup_path``."""
    name = " ".join(name.split())
    registration = " ".join(registration.split())
    if not name:
        raise SigningError("a name is needed: it is printed on every signed checklist")
    if has_key():
        raise KeyExistsError(
            "a signing key already exists; use 'readiness keys rotate' to replace it"
        )
    if passphrase is not None:
        _check_passphrase(passphrase)
    elif not keychain_available():
        raise PassphraseRequiredError(
            "this computer has no keychain, so the key must be protected by a passphrase; "
            "give one (e.g. --passphrase-file)"
        )
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    cert = _make_certificate(key, name, registration, now)
    key_id = str(uuid.uuid4())
    info = _write_key(key, key_id=key_id, name=name, registration=registration,
                      created_at=_iso(now), certificate=cert, passphrase=passphrase)
    code = new_recovery_code()
    _write_backup(key, info, cert, code)
    _trust_own(info)
    return _replace(info, recovery_code=code)


def _replace(info: KeyInfo, **changes: Any) -> KeyInfo:
    from dataclasses import replace

    return replace(info, **changes)


def _trust_own(info: KeyInfo) -> None:
    # The practitioner's own app verifies their own checklists without a key card.
    from readiness.signing import signers

    signers.trust_key(PublicKey.parse(info.public_key), info.name, own=True)


def _private_from(pkcs8: bytes, expected_public: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_der_private_key(pkcs8, password=None)
    except ValueError:
        raise CorruptKeyFileError("the key file is damaged (cannot read the key)") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise CorruptKeyFileError("the key file holds a key of the wrong kind")
    if PublicKey.from_private(key).openssh != PublicKey.parse(expected_public).openssh:
        raise CorruptKeyFileError("the key file's private and public halves do not match")
    return key


def load_key(passphrase: str | None = None) -> LoadedKey:
    """Unlock the current key for signing."""
    doc = _read_json(key_path(), "key")
    if doc.get("format") != KEY_FORMAT:
        raise CorruptKeyFileError("the key file is not a Readiness key file (unknown format)")
    info = _info_from(doc)
    header = _header(doc)
    if info.protection == KEYCHAIN:
        wrapping = _keychain_get(info.key_id)
        if wrapping is None:
            raise KeychainEntryLostError(
                "the key's secret is missing from this computer's keychain (it may have been "
                "reset or the profile moved). Restore the key from your recovery code and "
                "backup file: readiness keys restore"
            )
        try:
            pkcs8 = _open(doc, wrapping, header, "key")
        except WrongPassphraseError:
            raise KeychainEntryLostError(
                "the keychain's secret does not unlock the key file; restore the key from "
                "your recovery code (readiness keys restore)"
            ) from None
    elif info.protection == PASSPHRASE:
        if passphrase is None:
            raise PassphraseRequiredError("the signing key is protected by a passphrase; enter it")
        wrapping = _derive(passphrase, doc.get("kdf"), "key")
        try:
            pkcs8 = _open(doc, wrapping, header, "key")
        except WrongPassphraseError:
            raise WrongPassphraseError("that passphrase does not unlock your signing key") from None
    else:
        raise CorruptKeyFileError("the key file names an unknown protection")
    key = _private_from(pkcs8, info.public_key)
    cert = x509.load_pem_x509_certificate(str(doc["certificate"]).encode("ascii"))
    return LoadedKey(key, info, cert)


def restore_key(
    backup: Path,
    recovery_code: str,
    passphrase: str | None = None,
    *,
    replace_existing: bool = False,
) -> KeyInfo:
    """Rebuild the key file from the encrypted backup and its recovery code.

    Re-seals under the keychain (or ``passphrase`` where there is none). Overwrites an existing
    key file only when it is the same key (repairing a lost keychain entry) or when
    ``replace_existing`` is set."""
    doc = _read_json(backup, "backup")
    if doc.get("format") != BACKUP_FORMAT:
        raise CorruptKeyFileError(f"{backup} is not a Readiness key backup file")
    code = normalise_recovery_code(recovery_code)
    wrapping = _derive(code, doc.get("kdf"), "backup")
    try:
        pkcs8 = _open(doc, wrapping, _header(doc), "backup")
    except WrongPassphraseError:
        raise WrongPassphraseError(
            "that recovery code does not open this backup file (check each group of four)"
        ) from None
    key = _private_from(pkcs8, str(doc.get("public_key", "")))
    fingerprint = PublicKey.from_private(key).fingerprint
    current = None
    try:
        current = key_info()
    except CorruptKeyFileError:
        current = None  # a damaged key file is exactly what a restore repairs
    if current is not None and current.fingerprint_ssh != fingerprint and not replace_existing:
        raise KeyExistsError(
            f"a different signing key ({current.fingerprint_ssh}) is set up here; "
            "restoring would replace it. Repeat with the replace option if that is intended."
        )
    try:
        cert = x509.load_pem_x509_certificate(str(doc["certificate"]).encode("ascii"))
    except (KeyError, ValueError):
        raise CorruptKeyFileError("the backup file's certificate is damaged") from None
    if passphrase is not None:
        _check_passphrase(passphrase)
    info = _write_key(
        key,
        key_id=str(doc.get("key_id") or uuid.uuid4()),
        name=str(doc.get("name", "")),
        registration=str(doc.get("registration", "")),
        created_at=str(doc.get("created_at", _iso(_now()))),
        certificate=cert,
        passphrase=passphrase,
    )
    if backup.resolve() != backup_path().resolve():
        # Keep a copy where the app expects it; it is sealed under the same recovery code.
        atomic_write_text(backup_path(), backup.read_text(encoding="utf-8"), private=True)
    _trust_own(info)
    return info


@dataclass(frozen=True)
class Rotation:
    old: KeyInfo
    new: KeyInfo  # carries the new recovery code
    handover_path: Path


ROTATION_PREDICATE = "https://readiness.invalid/attestation/key-rotation/v1"


def rotate_key(passphrase: str | None = None, new_passphrase: str | None = None) -> Rotation:
    """Replace the key with a new one and write a hand-over statement signed by both.

    The old public key is kept (``keys/retired``) and stays trusted for the reports it signed;
    the old private key is destroyed. A new recovery code and backup replace the old ones."""
    from readiness.signing import dsse
    from readiness.signing.statement import rotation_statement

    old = load_key(passphrase)
    if new_passphrase is None and old.info.protection == PASSPHRASE and not keychain_available():
        new_passphrase = passphrase
    new_key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    new_pub = PublicKey.from_private(new_key)
    payload = jcs.canonical(
        rotation_statement(old.info, old.public, new_pub, _iso(now))
    )
    envelope = dsse.sign(
        dsse.INTOTO_PAYLOAD_TYPE,
        payload,
        [
            (old.public.fingerprint, old.sign),
            (new_pub.fingerprint, lambda m: sign_bytes(new_key, m)),
        ],
    )
    retired = retired_dir()
    stamp = _iso(now).replace(":", "")
    handover = retired / f"handover-{stamp}.readiness-rotation.json"
    atomic_write_text(handover, json.dumps(envelope.to_json(), indent=2) + "\n")
    atomic_write_text(
        retired / f"retired-{stamp}.json",
        json.dumps({"format": "readiness-retired-key/1", "name": old.info.name,
                    "registration": old.info.registration, "created_at": old.info.created_at,
                    "retired_at": _iso(now), "public_key": old.info.public_key,
                    "fingerprint": old.info.fingerprint_ssh}, indent=2) + "\n",
    )
    cert = _make_certificate(new_key, old.info.name, old.info.registration, now)
    old_id = old.info.key_id
    info = _write_key(new_key, key_id=str(uuid.uuid4()), name=old.info.name,
                      registration=old.info.registration, created_at=_iso(now),
                      certificate=cert, passphrase=new_passphrase)
    if old.info.protection == KEYCHAIN:
        _keychain_delete(old_id)
    code = new_recovery_code()
    _write_backup(new_key, info, cert, code)
    _trust_own(info)
    return Rotation(old.info, _replace(info, recovery_code=code), handover)


def export_card(out_dir: Path) -> list[Path]:
    """Write the key card PDF, the public key and the allowed_signers file into ``out_dir``."""
    from readiness.signing.keycard import write_key_card

    info = key_info()
    if info is None:
        raise NoKeyError(
            "no signing key has been set up yet; create one first (readiness keys init)"
        )
    doc = _read_json(key_path(), "key")
    cert = x509.load_pem_x509_certificate(str(doc["certificate"]).encode("ascii"))
    return write_key_card(info, cert, out_dir)
