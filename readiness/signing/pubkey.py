"""The practitioner's P-256 public key in the forms people and tools use: the OpenSSH line and
its ``SHA256:`` fingerprint, PEM, the ``allowed_signers`` line, and an SSHSIG signature that
stock ``ssh-keygen -Y verify`` accepts (openssh-portable ``PROTOCOL.sshsig``)."""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from dataclasses import dataclass
from functools import cached_property

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from readiness.signing.errors import SigningError

SSH_KEY_TYPE = "ecdsa-sha2-nistp256"
# Binds SSHSIG signatures to this use: one over a checklist cannot pass for anything else.
SSHSIG_NAMESPACE = "readiness-checklist-v1@readiness"
_ECDSA = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)  # RFC 6979


class PublicKeyError(SigningError):
    """The text is not a P-256 public key this tool can use."""


SHORT_GROUPS = 6  # of four characters each: 24 base32 characters, 120 bits


def short_fingerprint(fingerprint: str) -> str:
    """The fingerprint people compare aloud: the same SHA-256 as the ``SHA256:`` form, in
    base32 (A-Z, 2-7: no 0/O or 1/l/I to confuse, one case), its first 24 characters in six
    groups of four, e.g. ``MFRG GZDF MZTW Q2LK NNWG 23TP``. One definition for the key card,
    Settings, Verify and the command line.

    Why 120 bits is enough: to pass as a practitioner, an impersonator needs a key of their
    own whose digest starts with the same 120 bits (a second preimage; the key is fixed, so
    birthday collisions do not help). That costs about 2^120 key-and-hash trials, or 2^100
    against any one of a million practitioners at once; all of the world's Bitcoin miners
    manage roughly 2^95 SHA-256 hashes a year. "" for anything but a ``SHA256:`` fingerprint.
    """
    if not fingerprint.startswith("SHA256:"):
        return ""
    b64 = fingerprint.removeprefix("SHA256:")
    try:
        digest = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True)
    except ValueError:
        return ""
    if len(digest) != 32:
        return ""
    text = base64.b32encode(digest).decode("ascii")[: 4 * SHORT_GROUPS]
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def same_short_fingerprint(typed: str, fingerprint: str) -> bool:
    """Whether ``typed`` (spaces, dashes and case ignored) is ``fingerprint``'s short form."""
    want = short_fingerprint(fingerprint).replace(" ", "")
    got = re.sub(r"[\s-]", "", typed).upper()
    return bool(want) and got == want


def sign_bytes(key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    """Deterministic (RFC 6979) ECDSA P-256/SHA-256; DER signature."""
    return key.sign(message, _ECDSA)


@dataclass(frozen=True)
class PublicKey:
    key: ec.EllipticCurvePublicKey

    @property
    def openssh(self) -> str:
        return self.key.public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        ).decode("ascii")

    @property
    def blob(self) -> bytes:
        return base64.b64decode(self.openssh.split()[1])

    @cached_property  # a key never changes; verifying a folder asks once per file
    def fingerprint(self) -> str:
        """``SHA256:<base64>``, exactly as ``ssh-keygen -l`` and ``-Y verify`` print it."""
        digest = hashlib.sha256(self.blob).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")

    @property
    def short_fingerprint(self) -> str:
        """The fingerprint people compare aloud (see :func:`short_fingerprint`)."""
        return short_fingerprint(self.fingerprint)

    @property
    def pem(self) -> str:
        return self.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    @property
    def spki_der(self) -> bytes:
        return self.key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def allowed_signers_line(self, principal: str, valid_after: str = "") -> str:
        """A line for ssh-keygen's allowed_signers file (principal must have no spaces)."""
        opts = f'namespaces="{SSHSIG_NAMESPACE}"'
        if valid_after:
            opts += f',valid-after="{valid_after}"'
        return f"{principal} {opts} {self.openssh}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        if not is_strict_der(signature):
            return False
        try:
            self.key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_private(cls, key: ec.EllipticCurvePrivateKey) -> PublicKey:
        return cls(key.public_key())

    @classmethod
    def parse(cls, text: str) -> PublicKey:
        """Read an OpenSSH public key line (optionally inside an allowed_signers line) or PEM."""
        text = text.strip()
        try:
            if text.startswith("-----BEGIN PUBLIC KEY-----"):
                key = serialization.load_pem_public_key(text.encode("ascii"))
            else:
                words = text.split()
                if SSH_KEY_TYPE not in words:
                    raise PublicKeyError(
                        "this is not an ECDSA P-256 public key (expected 'ecdsa-sha2-nistp256 ...')"
                    )
                i = words.index(SSH_KEY_TYPE)
                if i + 1 >= len(words):
                    raise PublicKeyError("the public key line is cut short")
                key = serialization.load_ssh_public_key(
                    f"{SSH_KEY_TYPE} {words[i + 1]}".encode("ascii")
                )
        except PublicKeyError:
            raise
        except (ValueError, UnicodeEncodeError, TypeError, NotImplementedError,
                UnsupportedAlgorithm) as exc:
            # cryptography says NotImplementedError for e.g. a compressed point: still just
            # an unusable key to us (found by fuzzing hand-overs).
            raise PublicKeyError(f"cannot read the public key: {exc}") from None
        if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(
            key.curve, ec.SECP256R1
        ):
            raise PublicKeyError("only ECDSA P-256 keys are used by Readiness")
        return cls(key)


_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def is_strict_der(signature: bytes) -> bool:
    """True only for the one DER encoding of an ECDSA signature with 0 < r, s < n: no BER
    lengths, no padding, no trailing bytes, so one signature has one byte form. High s stays
    valid (checklists already signed may carry it)."""
    try:
        r, s = decode_dss_signature(signature)
    except ValueError:
        return False
    if not (0 < r < _P256_ORDER and 0 < s < _P256_ORDER):
        return False
    return encode_dss_signature(r, s) == signature


class KeyVerifier:
    """A public key as a DSSE verifier (``dsse.Verifier``), named by its fingerprint."""

    def __init__(self, key: PublicKey) -> None:
        self.name = key.fingerprint
        self.key = key

    def verify(self, message: bytes, signature: bytes) -> bool:
        return self.key.verify(message, signature)


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _mpint(n: int) -> bytes:
    raw = n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b""
    return _string(raw)


def sshsig_sign(
    key: ec.EllipticCurvePrivateKey, message: bytes, namespace: str = SSHSIG_NAMESPACE
) -> str:
    """An armored SSH signature of ``message`` (hash sha512, like ssh-keygen's default)."""
    pub = PublicKey.from_private(key)
    ns = namespace.encode("utf-8")
    h = hashlib.sha512(message).digest()
    signed = b"SSHSIG" + _string(ns) + _string(b"") + _string(b"sha512") + _string(h)
    r, s = decode_dss_signature(sign_bytes(key, signed))
    sig_blob = _string(SSH_KEY_TYPE.encode()) + _string(_mpint(r) + _mpint(s))
    blob = (
        b"SSHSIG"
        + struct.pack(">I", 1)
        + _string(pub.blob)
        + _string(ns)
        + _string(b"")
        + _string(b"sha512")
        + _string(sig_blob)
    )
    b64 = base64.b64encode(blob).decode("ascii")
    lines = [b64[i : i + 70] for i in range(0, len(b64), 70)]
    return "-----BEGIN SSH SIGNATURE-----\n" + "\n".join(lines) + "\n-----END SSH SIGNATURE-----\n"
