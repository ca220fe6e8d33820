"""What a verified file's result means to the person reading it, in one word: the state a
PDF reader's signature panel shows (valid; changed after signing; signed by someone not on
your list; ...).

This never turns a failure into a success: only a result that verified is ``VALID``. For a
file that failed it only chooses the honest account of the failure. "Signed by someone you
have not added" is said of a PDF only after the whole check has been run again with the key
inside the file standing in for a trusted one, and it passed: the file is unchanged since that
key signed it, and nothing says whose key it is. A bare bundle carries no key, so its
signature cannot be checked until the key is added: it is said to be from an unknown signer,
never to be unchanged, unless it names a trusted key (then that key did not sign it as it
is: changed).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import jcs
from readiness.signing.bundle import parse_bundle
from readiness.signing.errors import SigningError, VerifyError
from readiness.signing.files import FileRefused, read_capped
from readiness.signing.pubkey import PublicKey
from readiness.signing.signers import Signer
from readiness.signing.verify_result import HANDOVER, KEY_CARD, Verification

VALID = "valid"  # signed by a trusted key, unchanged, nothing wrong
CHANGED = "changed"  # its signature does not match what it holds (or its pages differ)
NOT_ACCEPTED = "not_accepted"  # a trusted key signed it, unchanged, but it is refused
UNKNOWN_SIGNER = "unknown_signer"  # signed by a key not on the list
NOT_SIGNED = "not_signed"  # no usable signature at all (or unreadable)
STATES = (VALID, CHANGED, NOT_ACCEPTED, UNKNOWN_SIGNER, NOT_SIGNED, KEY_CARD, HANDOVER)
MAX_FILE_BYTES = 10 * 1024 * 1024  # as verify: a checklist PDF is ~100 KB
_FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")


@dataclass(frozen=True)
class Standing:
    state: str
    fingerprint: str = ""  # unknown signer: the key that signed (or that the file names)
    claimed_name: str = ""  # unknown signer: the name written in the file (not confirmed)
    checked: bool = False  # unknown signer: the file was checked against that key, unchanged


def standing(v: Verification, trusted: Sequence[Signer],
             roots: Sequence[x509.Certificate] | None = None) -> Standing:
    if v.ok:
        return Standing(VALID)
    if v.kind in (KEY_CARD, HANDOVER):
        return Standing(v.kind)
    if v.fingerprint:  # a trusted key signed it: refused for what it holds or where it sits
        return Standing(NOT_ACCEPTED if v.unaltered else CHANGED)
    try:
        data = read_capped(Path(v.path), MAX_FILE_BYTES)
    except (FileRefused, OSError):
        return Standing(NOT_SIGNED)
    known = {s.fingerprint for s in trusted}
    if data.startswith(b"%PDF"):
        return _pdf_standing(Path(v.path), data, known, roots)
    return _bundle_standing(data, known)


def _pdf_signer_key(data: bytes) -> PublicKey | None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        sigs = PdfFileReader(io.BytesIO(data), strict=False).embedded_regular_signatures
        if len(sigs) != 1:
            return None
        key = x509.load_der_x509_certificate(sigs[0].signer_cert.dump()).public_key()
    except Exception:  # a hostile PDF can make pyHanko raise nearly anything
        return None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return PublicKey(key)
    return None


def _pdf_standing(path: Path, data: bytes, known: set[str],
                  roots: Sequence[x509.Certificate] | None) -> Standing:
    from readiness.signing.verify_pdf import check_pdf

    key = _pdf_signer_key(data)
    if key is None:
        return Standing(NOT_SIGNED)
    if key.fingerprint in known:  # its key is trusted, yet it failed: not as it was signed
        return Standing(CHANGED)
    # The whole check again, with this key alone standing in for a trusted one.
    stand_in = Signer("", key.fingerprint, "", key.openssh)
    again = check_pdf(path, data, [stand_in], roots)
    if not again.ok:
        return Standing(CHANGED)
    return Standing(UNKNOWN_SIGNER, key.fingerprint, again.practitioner, checked=True)


def _bundle_standing(data: bytes, known: set[str]) -> Standing:
    # Read only to choose the words: nothing here is trusted, and it cannot pass.
    try:
        envelope = parse_bundle(data).envelope
    except (SigningError, VerifyError, ValueError, TypeError, KeyError, RecursionError):
        return Standing(NOT_SIGNED)
    if not envelope.signatures:
        return Standing(NOT_SIGNED)
    try:
        practitioner = jcs.parse_strict(envelope.payload)["predicate"]["practitioner"]
        named, name = practitioner["keyFingerprint"], practitioner.get("name", "")
    except (SigningError, VerifyError, ValueError, TypeError, KeyError, AttributeError,
            RecursionError):
        # Signed, but what it holds is not what Readiness signs: changed (or made up).
        return Standing(CHANGED)
    if not isinstance(named, str) or not _FINGERPRINT.fullmatch(named):
        return Standing(CHANGED)
    if named in known:  # it names a trusted key, which did not sign it as it is
        return Standing(CHANGED)
    return Standing(UNKNOWN_SIGNER, named, name if isinstance(name, str) else "")


def standings(results: Sequence[Verification], trusted: Sequence[Signer],
              roots: Sequence[x509.Certificate] | None = None) -> list[Standing]:
    return [standing(v, trusted, roots) for v in results]
