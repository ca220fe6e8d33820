"""Signing a run: the statement, its DSSE envelope, the bundle, the signed PDF, the history.

One key gives three independent proofs over the same canonical statement bytes, each with its
own framing so none can be replayed as another: the DSSE signature (PAE), an OpenSSH SSHSIG
(namespace-bound) and the PDF's PAdES signature (CMS signed attributes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from readiness import catalogue as catalogue_mod
from readiness.files import describe_os_error, one_line
from readiness.model import RunReport
from readiness.signing import dsse, jcs, keys, outfiles, tsa
from readiness.signing.bundle import Bundle
from readiness.signing.errors import NoKeyError, SigningError, TimestampError
from readiness.signing.late_timestamps import (  # re-exported: the CLI and app call them here
    TimestampOutcome,
    load_history_bundle,
    timestamp_pending,
)
from readiness.signing.pubkey import sshsig_sign
from readiness.signing.signers import principal
from readiness.signing.statement import build_statement, device_digest
from readiness.store import History, HistoryEntry

__all__ = ["SignedChecklist", "TimestampOutcome", "load_history_bundle", "preview_statement",
           "sign_report", "timestamp_pending"]

STATEMENT_NAME = "statement.json"
BUNDLE_NAME = "checklist.readiness.json"
SSHSIG_NAME = "statement.json.sig"
DSSE_SIG_NAME = "statement.dsse.sig"
KEY_NOTE_NAME = "practitioner-key.txt"


@dataclass(frozen=True)
class SignedChecklist:
    report_id: str
    sequence: int
    pdf_path: Path
    bundle_path: Path
    verdict: str
    timestamped: bool
    timestamp_queued: bool
    generated_at: str
    statement_sha256: str = ""
    fingerprint: str = ""
    warnings: tuple[str, ...] = field(default=())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _stated_answers(
    attestations: Mapping[str, Any] | None, already: set[str]
) -> list[dict[str, Any]]:
    """Answers the caller passed that the report does not already carry as attested results
    (e.g. an answer recorded for a check that was not run); always labelled attested."""
    out: list[dict[str, Any]] = []
    for check_id, answer in sorted((attestations or {}).items()):
        if not isinstance(answer, Mapping) or str(check_id) in already:
            continue
        entry: dict[str, Any] = {"id": str(check_id), "attested": True}
        for k in ("answer", "reason", "answered_at"):
            v = answer.get(k)
            if isinstance(v, str | int | bool):
                entry[k] = v
        out.append(entry)
    return out


def _statement_for(
    report: RunReport,
    *,
    report_id: str,
    sequence: int,
    previous: str | None,
    signed_at: str,
    info: keys.KeyInfo,
    attestations: Mapping[str, Any] | None,
    device_id: str | None,
    catalogue: catalogue_mod.Catalogue | None,
) -> dict[str, Any]:
    statement = build_statement(
        report,
        report_id=report_id,
        sequence=sequence,
        previous_sha256=previous,
        signed_at=signed_at,
        practitioner_name=info.name,
        registration=info.registration,
        fingerprint=info.fingerprint_ssh,
        subject_digest=device_digest(device_id),
        catalogue=catalogue,
    )
    stated = _stated_answers(attestations, {r.check_id for r in report.results})
    if stated:
        statement["predicate"]["statedAnswers"] = stated
    return statement


def preview_statement(
    report: RunReport,
    *,
    attestations: Mapping[str, Any] | None = None,
    device_id: str | None = None,
    catalogue: catalogue_mod.Catalogue | None = None,
) -> dict[str, Any]:
    """Exactly what would be signed now (the report id is a placeholder until signing)."""
    info = keys.key_info()
    if info is None:
        raise NoKeyError(
            "no signing key has been set up yet; create one first (readiness keys init)"
        )
    with History() as history:
        sequence, previous = history.next_link()
    return _statement_for(
        report, report_id="(assigned when signed)", sequence=sequence, previous=previous,
        signed_at=_iso(_now()), info=info, attestations=attestations, device_id=device_id,
        catalogue=catalogue,
    )


def _unique(path: Path) -> Path:
    if not path.exists():
        return path
    stem, suffix = path.name.split(".", 1)
    for i in range(2, 1000):
        candidate = path.with_name(f"{stem}-{i}.{suffix}")
        if not candidate.exists():
            return candidate
    raise SigningError(f"too many files named like {path.name} in {path.parent}")


def _key_note(key: keys.LoadedKey) -> bytes:
    pub = key.public
    return (
        "Convenience copy only: trust the key from the key card you were given, not this file.\n"
        f"Name: {key.info.name}\nFingerprint: {pub.fingerprint}\n"
        f"Certificate SHA-256: {key.info.cert_fingerprint_sha256}\n"
        f"allowed_signers: {pub.allowed_signers_line(principal(key.info.name, pub))}\n"
    ).encode()


def sign_report(
    report: RunReport,
    out_dir: Path,
    *,
    passphrase: str | None = None,
    timestamp: bool = False,
    attestations: Mapping[str, Any] | None = None,
    tsa_urls: Sequence[str] | None = None,
    tsa_roots: Sequence[x509.Certificate] | None = None,
    device_id: str | None = None,
    catalogue: catalogue_mod.Catalogue | None = None,
) -> SignedChecklist:
    """Sign ``report`` and write the checklist PDF and bundle into ``out_dir``.

    ``timestamp`` asks a public timestamp service for a token (only a hash is sent); when it
    cannot be reached the checklist is signed anyway and the timestamp is queued for
    :func:`timestamp_pending`."""
    key = keys.load_key(passphrase)
    cat = catalogue if catalogue is not None else catalogue_mod.load()
    out_dir = Path(out_dir)
    outfiles.check_writable(out_dir)
    signed: _Signed | None = None
    committed = False
    try:
        with History() as history:
            with history.writing():
                outfiles.settle(history.has_report)
                signed = _sign_locked(
                    history, report, key, out_dir, timestamp=timestamp,
                    attestations=attestations, tsa_urls=tsa_urls, tsa_roots=tsa_roots,
                    device_id=device_id, catalogue=cat,
                )
            committed = True
    except BaseException:
        if signed is not None and not committed:
            with contextlib.suppress(Exception):
                outfiles.abandon(signed.pending)  # not recorded, so not kept either
        raise
    try:
        outfiles.finish(signed.pending)
    except OSError as exc:
        raise SigningError(one_line(
            f"checklist {signed.result.sequence} was signed and recorded but could not be given "
            f"its final name ({describe_os_error(exc)}); the next sign will finish it"
        )) from None
    return signed.result


@dataclass(frozen=True)
class _Signed:
    result: SignedChecklist
    pending: outfiles.Pending


def _sign_locked(
    history: History,
    report: RunReport,
    key: keys.LoadedKey,
    out_dir: Path,
    *,
    timestamp: bool,
    attestations: Mapping[str, Any] | None,
    tsa_urls: Sequence[str] | None,
    tsa_roots: Sequence[x509.Certificate] | None,
    device_id: str | None,
    catalogue: catalogue_mod.Catalogue,
) -> _Signed:
    """Sign under the history's write lock: the files are written under temporary names and
    recorded; they become final once the caller's transaction has committed."""
    from readiness.signing import pdf_render

    warnings: list[str] = []
    sequence, previous = history.next_link()
    now = _now()
    report_id = str(uuid.uuid4())
    statement = _statement_for(
        report, report_id=report_id, sequence=sequence, previous=previous,
        signed_at=_iso(now), info=key.info, attestations=attestations, device_id=device_id,
        catalogue=catalogue,
    )
    payload = jcs.canonical(statement)
    digest = hashlib.sha256(payload).hexdigest()
    fingerprint = key.public.fingerprint
    envelope = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(fingerprint, key.sign)])
    signature = envelope.signatures[0].sig
    bundle = Bundle(envelope, fingerprint)
    token, queued = (None, False)
    if timestamp:
        token, queued = _trusted_time(signature, tsa_urls, tsa_roots, now, warnings)
    if token is not None:
        bundle = bundle.with_timestamp(token.der)
    bundle_text = bundle.dumps()
    pdf = pdf_render.render_checklist(statement, statement_sha256=digest,
                                      timestamp_note=_time_note(token, queued))
    signed_pdf = _sign_pdf(pdf, key, _attachments(payload, bundle_text, signature, key),
                           token, warnings)
    stamp = now.strftime("%Y-%m-%dT%H%MZ")
    pdf_path = _unique(out_dir / f"{stamp}_{sequence:04d}_checklist.pdf")
    bundle_path = _unique(out_dir / f"{stamp}_{sequence:04d}_checklist.readiness.json")
    pending = outfiles.begin(report_id, [bundle_path, pdf_path])
    try:
        outfiles.write(pending, [bundle_text.encode(), signed_pdf])
        history.add(
            HistoryEntry(
                report_id=report_id, sequence=sequence, generated_at=report.generated_at,
                verdict=report.verdict.value, timestamped=token is not None,
                pdf_path=str(pdf_path), bundle_path=str(bundle_path), signed_at=_iso(now),
                statement_sha256=digest, fingerprint=fingerprint, timestamp_queued=queued,
            ),
            bundle_text,
        )
    except BaseException:
        with contextlib.suppress(Exception):
            outfiles.abandon(pending)
        raise
    return _Signed(SignedChecklist(
        report_id=report_id, sequence=sequence, pdf_path=pdf_path, bundle_path=bundle_path,
        verdict=report.verdict.value, timestamped=token is not None, timestamp_queued=queued,
        generated_at=report.generated_at, statement_sha256=digest, fingerprint=fingerprint,
        warnings=tuple(warnings),
    ), pending)


def _trusted_time(signature: bytes, tsa_urls: Sequence[str] | None,
                  roots: Sequence[x509.Certificate] | None, now: dt.datetime,
                  warnings: list[str]) -> tuple[tsa.Token | None, bool]:
    """(token, queued): a token now, or none and the timestamp queued for later."""
    urls = tuple(tsa_urls) if tsa_urls is not None else tsa.default_urls()
    try:
        token = tsa.request_first(signature, urls, roots=roots)
    except TimestampError as exc:
        warnings.append("The trusted timestamp could not be obtained now and will be added "
                        f"later ({exc}).")
        return None, True
    skew = tsa.skew_warning(token.gen_time, now)
    if skew:
        warnings.append(skew)
    return token, False


def _time_note(token: tsa.Token | None, queued: bool) -> str:
    if token is not None:
        return tsa.time_note(token)
    return "the computer's own clock (no trusted timestamp)" + (
        "; a trusted timestamp is queued" if queued else "")


def _attachments(payload: bytes, bundle_text: str, signature: bytes,
                 key: keys.LoadedKey) -> list[Any]:
    from readiness.signing import pdf_sign

    return [
        pdf_sign.Attachment(STATEMENT_NAME, payload, "application/json",
                            "The signed statement (RFC 8785 canonical JSON)"),
        pdf_sign.Attachment(BUNDLE_NAME, bundle_text.encode(), "application/json",
                            "DSSE envelope and any trusted timestamps"),
        pdf_sign.Attachment(SSHSIG_NAME, sshsig_sign(key.private, payload).encode(),
                            "text/plain", "OpenSSH signature of statement.json"),
        pdf_sign.Attachment(DSSE_SIG_NAME, signature, "application/octet-stream",
                            "DER ECDSA signature over the DSSE PAE of statement.json"),
        pdf_sign.Attachment(KEY_NOTE_NAME, _key_note(key), "text/plain",
                            "Convenience copy of the signer's key details"),
    ]


def _sign_pdf(pdf: bytes, key: keys.LoadedKey, attachments: list[Any],
              token: tsa.Token | None, warnings: list[str]) -> bytes:
    from readiness.signing import pdf_sign

    if token is None or not token.url:
        return pdf_sign.sign_pdf(pdf, key, attachments)
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    timestamper = RequestsHTTPTimeStamper(  # type: ignore[no-untyped-call]
        token.url, timeout=int(tsa.TIMEOUT_S)
    )
    try:
        return pdf_sign.sign_pdf(pdf, key, attachments, timestamper=timestamper)
    except Exception as exc:
        warnings.append(f"The PDF's own timestamp could not be added ({exc}).")
        return pdf_sign.sign_pdf(pdf, key, attachments)
