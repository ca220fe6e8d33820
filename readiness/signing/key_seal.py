"""Sealing the private key at rest: the keychain, scrypt, AES-256-GCM and the certificate.

The 32-byte wrapping key lives in the OS keychain (``keyring``); where there is no keychain
(headless Linux) it is derived from a passphrase with scrypt (n = 2^17), which is weaker
because a person chose the secret. PKCS#8 ``BestAvailableEncryption`` is never used: it applies
only 2048 PBKDF2 rounds to a human password.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import secrets
import unicodedata
from typing import Any

import keyring
import keyring.errors
from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.x509.oid import NameOID

from readiness.signing import jcs
from readiness.signing.errors import CorruptKeyFileError, SigningError, WrongPassphraseError
from readiness.signing.pubkey import PublicKey

KEYRING_SERVICE = "Readiness signing key"
SCRYPT_N = 2**17  # ~0.25 s and 128 MiB per attempt: slows guessing of a human passphrase
SCRYPT_R = 8
SCRYPT_P = 1
CERT_YEARS = 5
_KEYRING_PROBE = "readiness-keychain-probe"


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


def keychain_check() -> None:
    """Fail now, before anything is written, if the keychain cannot be read."""
    try:
        keyring.get_password(KEYRING_SERVICE, _KEYRING_PROBE)
    except Exception as exc:  # backends raise their own types (D-Bus, Security framework)
        raise SigningError(f"the keychain cannot be used ({exc}); nothing was changed") from None


def keychain_set(key_id: str, secret: bytes) -> None:
    """Store ``secret`` and read it back: a keychain that drops entries is found out now."""
    value = base64.b64encode(secret).decode("ascii")
    try:
        keyring.set_password(KEYRING_SERVICE, key_id, value)
    except Exception as exc:
        raise SigningError(
            f"the keychain refused to store the key's wrapping secret ({exc})"
        ) from None
    if keychain_get(key_id) != secret:
        raise SigningError("the keychain did not keep the key's wrapping secret")


def keychain_get(key_id: str) -> bytes | None:
    try:
        value = keyring.get_password(KEYRING_SERVICE, key_id)
    except Exception:
        return None
    if not isinstance(value, str):
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def keychain_delete(key_id: str) -> None:
    # Already gone, or the keychain is away: nothing depends on the entry any more.
    with contextlib.suppress(Exception):
        keyring.delete_password(KEYRING_SERVICE, key_id)


# ---------------------------------------------------------------------------------------------
# Sealing


def _scrypt(
    secret: bytes, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise CorruptKeyFileError(f"the {what} file is damaged (a field is missing)")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise CorruptKeyFileError(f"the {what} file is damaged (bad base64)") from None


def seal(plaintext: bytes, wrapping_key: bytes, header: dict[str, Any]) -> dict[str, str]:
    # The header is the associated data: changing any field of it breaks the seal.
    nonce = secrets.token_bytes(12)
    ct = AESGCM(wrapping_key).encrypt(nonce, plaintext, jcs.canonical(header))
    return {"nonce": b64(nonce), "ciphertext": b64(ct)}


def unseal(doc: dict[str, Any], wrapping_key: bytes, header: dict[str, Any], what: str) -> bytes:
    nonce = unb64(doc.get("nonce"), what)
    ct = unb64(doc.get("ciphertext"), what)
    try:
        return AESGCM(wrapping_key).decrypt(nonce, ct, jcs.canonical(header))
    except InvalidTag:
        raise WrongPassphraseError("wrong secret") from None
    except ValueError:
        raise CorruptKeyFileError(f"the {what} file is damaged") from None


def new_kdf() -> dict[str, Any]:
    return {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": b64(secrets.token_bytes(16))}


def derive(secret: str, kdf: Any, what: str) -> bytes:
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise CorruptKeyFileError(f"the {what} file names an unknown key derivation")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not (type(n) is int and type(r) is int and type(p) is int):
        raise CorruptKeyFileError(f"the {what} file has malformed key-derivation settings")
    # Refuse settings an attacker could lower (cheap guessing) or raise (exhaust memory).
    if not (2**14 <= n <= 2**20 and r == 8 and p == 1):
        raise CorruptKeyFileError(f"the {what} file has unsafe key-derivation settings")
    return _scrypt(secret.encode("utf-8"), unb64(kdf.get("salt"), what), n, r, p)


def pkcs8(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def private_from(der: bytes, expected: PublicKey, what: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_der_private_key(der, password=None)
    except ValueError:
        raise CorruptKeyFileError(f"the {what} file is damaged (cannot read the key)") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise CorruptKeyFileError(f"the {what} file holds a key of the wrong kind")
    if PublicKey.from_private(key).openssh != expected.openssh:
        raise CorruptKeyFileError(f"the {what} file's private and public halves do not match")
    return key


# ---------------------------------------------------------------------------------------------
# Certificate (for the PDF signature)


CN_MAX_BYTES = 64  # X.509 ub-common-name; cryptography counts it in UTF-8 bytes


def certificate_name(text: str) -> str:
    """``text`` as a certificate's common name that PDF libraries accept: they compare names
    with the Unicode 3.2 stringprep of RFC 4518 and refuse unassigned (emoji, newer scripts),
    control and replacement characters, so those become a white square (or, failing that,
    the name falls back to plain ASCII); cut to 64 UTF-8 bytes on a character boundary.
    Only the name PDF readers show in their signature panel changes: the signed statement
    keeps the exact name."""
    from asn1crypto import x509 as asn1_x509

    known = "".join(ch if unicodedata.ucd_3_2_0.category(ch) not in ("Cn", "Cc", "Cs", "Co")
                    and ch != "\ufffd" else "\u25a1"
                    for ch in unicodedata.normalize("NFC", text))
    for candidate in (known, unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
                      .decode("ascii")):
        cut = candidate.encode("utf-8")[:CN_MAX_BYTES].decode("utf-8", "ignore").strip()
        try:
            asn1_x509.Name.build({"common_name": cut}).chosen[0][0].prepped_value  # noqa: B018
        except ValueError:
            continue
        if cut:
            return cut
    return "Readiness practitioner"


def make_certificate(key: ec.EllipticCurvePrivateKey, name: str, registration: str,
                     now: dt.datetime) -> x509.Certificate:
    cn = name if not registration else f"{name} ({registration})"
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, certificate_name(cn)),
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


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def cert_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate, upper-case hex in colon pairs, as Adobe Reader shows it."""
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def bound_certificate(pem: str, public: PublicKey, what: str) -> x509.Certificate:
    """The certificate in a key or backup file, only if it is this key's own: the same public
    key, and self-signed by it (so nobody without the private key can have made it)."""
    try:
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
        cert_key = cert.public_key()
    except (ValueError, UnicodeEncodeError):
        raise CorruptKeyFileError(f"the {what} file's certificate is damaged") from None
    if not isinstance(cert_key, ec.EllipticCurvePublicKey) or (
        PublicKey(cert_key).spki_der != public.spki_der
    ):
        raise CorruptKeyFileError(
            f"the {what} file's certificate belongs to a different key, so the file has been "
            "changed; it has been left as it is"
        )
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature):
        raise CorruptKeyFileError(
            f"the {what} file's certificate was not made by its own key, so the file has been "
            "changed; it has been left as it is"
        ) from None
    return cert
