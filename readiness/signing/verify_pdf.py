"""Verifying a signed checklist PDF: its one PAdES certification signature, made by a key the
verifier already trusts, over the whole file (or followed only by a document timestamp), with
the signed bundle attached and pages that show what the statement says.

A PDF that carries no signature and no checklist bundle but does carry a key card's key is a
key card: it is reported as such, never as a verified checklist, and never skipped. A PDF that
carries a signature or a bundle is a checklist, whatever else is attached to it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import tsa
from readiness.signing.bundle import parse_bundle
from readiness.signing.errors import SigningError, VerifyError
from readiness.signing.intake import single_key
from readiness.signing.keycard_check import card_problems
from readiness.signing.names import BUNDLE_NAME, CARD_ATTACHMENT, CARD_DRAWING, STATEMENT_NAME
from readiness.signing.pdf_attach import attachment_names, attachments
from readiness.signing.pdf_text import page_text_problems
from readiness.signing.pubkey import PublicKey
from readiness.signing.signers import Signer
from readiness.signing.verify_result import (
    KEY_CARD,
    Verification,
    check_bundle,
    failed,
    from_checked,
    iso,
)

log = logging.getLogger(__name__)


def _asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def check_pdf(
    path: Path,
    data: bytes,
    trusted: Sequence[Signer],
    roots: Sequence[x509.Certificate] | None = None,
) -> Verification:
    try:
        return _check_pdf(path, data, trusted, roots)
    except VerifyError as exc:
        return failed(path, "pdf", str(exc))
    except Exception as exc:  # a hostile PDF can make pyHanko raise nearly anything
        log.warning("PDF %s could not be read", path.name, exc_info=True)
        return failed(path, "pdf", f"the PDF cannot be read as a signed checklist "
                                   f"({exc.__class__.__name__})")


def _signer_of(sig: Any, trusted: Sequence[Signer]) -> tuple[Signer, x509.Certificate]:
    cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    match = [s for s in trusted if s.key.spki_der == spki]
    if not match:
        pk = cert.public_key()
        fp = (
            PublicKey(pk).fingerprint
            if isinstance(pk, ec.EllipticCurvePublicKey) and isinstance(pk.curve, ec.SECP256R1)
            else "not a P-256 key"
        )
        raise VerifyError(
            f"the PDF was signed with a key that is not in your trusted list ({fp})"
        )
    return match[0], cert


def _coverage_problems(status: Any, sig: Any, reader: Any) -> list[str]:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    problems: list[str] = []
    if not status.intact or not status.valid:
        problems.append("the PDF has been altered since it was signed")
    if sig.docmdp_level is not MDPPerm.NO_CHANGES:
        problems.append("the PDF is not certified 'no changes allowed'")
    if status.coverage is SignatureCoverageLevel.ENTIRE_REVISION:
        # Only a document timestamp may follow the signature (a queued trusted time).
        level = status.modification_level
        if level is None or level > ModificationLevel.LTA_UPDATES or \
                not reader.embedded_timestamp_signatures or status.docmdp_ok is False:
            problems.append("the PDF was changed after it was signed")
    elif status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("the PDF signature does not cover the whole document")
    return problems


def _pdf_time(result: Verification, status: Any, reader: Any,
              ts_vc: Any) -> tuple[str, str, list[str]]:
    """The trusted time a PDF proves, when its bundle has none: the signature's own
    timestamp, else a document timestamp added later (which proves 'no later than')."""
    from pyhanko.sign.validation import validate_pdf_timestamp

    warnings = list(result.warnings)
    if result.time_source == "tsa":
        return result.signed_at, "tsa", warnings
    ts = status.timestamp_validity
    if ts is not None and ts.valid and ts.intact and ts.trusted:
        return iso(ts.timestamp), "tsa", warnings
    for doc_sig in reader.embedded_timestamp_signatures:
        try:
            ts_status = validate_pdf_timestamp(doc_sig, validation_context=ts_vc)
        except Exception as exc:  # an unverifiable timestamp just does not count
            log.warning("PDF timestamp in %s not checked", result.path.name, exc_info=True)
            warnings.append(f"A PDF timestamp could not be checked ({exc.__class__.__name__}).")
            continue
        if ts_status.valid and ts_status.intact and ts_status.trusted:
            signed_at = iso(ts_status.timestamp)
            warnings.append(
                f"The trusted timestamp was added later than signing ({signed_at}); "
                "it proves the checklist existed no later than that."
            )
            return signed_at, "tsa", warnings
    return result.signed_at, result.time_source, warnings


MAX_OBJECTS = 20_000  # a checklist has ~40 objects plus ~15 a page


MAX_PDF_BYTES = 4 * 1024 * 1024  # a checklist PDF is ~100 KB; a long one a few hundred


def _check_structure(data: bytes) -> None:
    """Refuse, before any parsing, a PDF far larger or with far more objects or dictionaries
    than a checklist could have: walking hundreds of thousands of form fields, objects or
    direct dictionaries costs a verifier minutes. Object streams are refused outright (their
    contents are compressed, so they cannot be counted here, and Readiness never writes
    them)."""
    if len(data) > MAX_PDF_BYTES:
        raise VerifyError(f"the PDF is {len(data):,} bytes; a checklist is far smaller")
    if _OBJSTM.search(data):
        raise VerifyError("the PDF uses object streams, which Readiness never writes")
    objects = len(_OBJ.findall(data)) + data.count(b"<<")
    if objects > MAX_OBJECTS:
        raise VerifyError(f"the PDF holds {objects:,} objects; a checklist has a few hundred")


# Only from the start of a run of digits: the same matches (findall's leftmost match starts
# there anyway), without retrying from every digit of a long run (the signature's hex), which
# took a third of a PDF's check.
_OBJ = re.compile(rb"(?<![0-9])\d+\s+\d+\s+obj\b")
# /ObjStm, also spelled with #xx escapes (e.g. /#4FbjStm), which a PDF reader decodes.
_OBJSTM = re.compile(rb"/(?:O|#4[Ff])(?:b|#62)(?:j|#6[Aa])(?:S|#53)(?:t|#74)(?:m|#6[Dd])")


def _key_card(path: Path, data: bytes, reader: Any) -> Verification:
    """An unsigned PDF carrying a key: a key card only if its page is exactly what Readiness
    draws for that key; otherwise an unsigned file, said plainly (it may pose as a checklist)."""
    files = attachments(reader, {CARD_ATTACHMENT, CARD_DRAWING}, limit=64 * 1024)
    try:
        key = single_key(files.get(CARD_ATTACHMENT, b""), "its key")
        genuine = not card_problems(data, key, files.get(CARD_DRAWING))
    except SigningError:
        genuine = False
    if not genuine:
        raise VerifyError("the PDF is not signed (it carries a key, but it is not a key card "
                          "Readiness drew, nor a signed checklist)")
    return Verification(path=path, ok=False, kind=KEY_CARD, problems=[
        "key card (not a checklist): add it with 'readiness signers add', after comparing "
        "its fingerprint with the practitioner"])


def _time_notes(checked: Any, bundle_bytes: bytes) -> tuple[list[str], list[str]]:
    """The "trusted timestamp" Time lines the page may show: the one for the token that
    verified, or (when none did, e.g. an authority this verifier has not pinned, which it
    reports separately) one for what a token in the file states. Junk that does not decode
    as a token allows nothing."""
    tokens = [checked.token] if checked.token is not None else [
        t for t in (tsa.read_unverified(der) for der in parse_bundle(bundle_bytes).timestamps)
        if t is not None]
    notes = [tsa.time_note(t) for t in tokens if t.tsa_name]
    url_times = [iso(t.gen_time) for t in tokens if not t.tsa_name]
    return notes, url_times


def _check_pdf(
    path: Path, data: bytes, trusted: Sequence[Signer], roots: Sequence[x509.Certificate] | None
) -> Verification:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _check_structure(data)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sigs = reader.embedded_regular_signatures
    names = attachment_names(reader)
    if len(names) != len(set(names)):
        raise VerifyError("the PDF carries two attachments with the same name")
    files = attachments(reader, {BUNDLE_NAME, STATEMENT_NAME})
    bundle_bytes = files.get(BUNDLE_NAME)
    if not sigs and BUNDLE_NAME not in names and CARD_ATTACHMENT in names:
        return _key_card(path, data, reader)
    if not sigs:
        raise VerifyError("the PDF is not signed")
    if len(sigs) != 1:
        raise VerifyError("the PDF carries more than one signature; a checklist has one")
    signer, cert = _signer_of(sigs[0], trusted)
    tsa_roots = list(roots) if roots is not None else tsa.load_roots()
    # The certificate is trusted only because its key equals a key the verifier already trusts.
    vc = ValidationContext(trust_roots=[_asn1(cert)], allow_fetching=False)
    # Only the pinned TSA roots: an empty list must mean "trust none", never the system store.
    ts_vc = ValidationContext(trust_roots=[_asn1(r) for r in tsa_roots], allow_fetching=False)
    status = validate_pdf_signature(sigs[0], signer_validation_context=vc,
                                    ts_validation_context=ts_vc)
    problems = _coverage_problems(status, sigs[0], reader)
    if bundle_bytes is None:
        problems.append("the PDF does not contain its signature bundle")
        return Verification(path=path, ok=False, kind="pdf", signer_name=signer.name,
                            fingerprint=signer.fingerprint, problems=problems)
    checked = check_bundle(bundle_bytes, [signer], roots)
    if files.get(STATEMENT_NAME) != checked.payload:
        problems.append("the statement attached to the PDF differs from the signed one")
    result = from_checked(path, "pdf", checked)
    signed_at, source, warnings = _pdf_time(result, status, reader, ts_vc)
    # The page's Time line was written from the bundle's own token, if any.
    notes, url_times = _time_notes(checked, bundle_bytes)
    problems.extend(page_text_problems(data, checked.statement, notes, url_notes_at=url_times))
    return replace(result, ok=not problems, unaltered=not problems, problems=problems,
                   signed_at=signed_at, time_source=source, warnings=warnings)
