"""Signing a run: the statement, its DSSE envelope, the bundle, the signed PDF, the history.

One key gives three independent proofs over the same canonical statement bytes, each with its
own framing so none can be replayed as another: the DSSE signature (PAE), an OpenSSH SSHSIG
(namespace-bound) and the PDF's PAdES signature (CMS signed attributes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from readiness import catalogue as catalogue_mod
from readiness.model import RunReport
from readiness.probe.types import Host
from readiness.signing import dsse, jcs, keys, tsa
from readiness.signing.bundle import Bundle, parse_bundle
from readiness.signing.errors import NoKeyError, SigningError, TimestampError
from readiness.signing.files import atomic_write_bytes, atomic_write_text
from readiness.signing.pubkey import sshsig_sign
from readiness.signing.signers import principal
from readiness.signing.statement import build_statement, device_digest
from readiness.store import History, HistoryEntry

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
    host: Host | None,
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
        subject_digest=device_digest(host),
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
    host: Host | None = None,
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
        signed_at=_iso(_now()), info=info, attestations=attestations, host=host,
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
        f"allowed_signers: {pub.allowed_signers_line(principal(key.info.name))}\n"
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
    host: Host | None = None,
    catalogue: catalogue_mod.Catalogue | None = None,
) -> SignedChecklist:
    """Sign ``report`` and write the checklist PDF and bundle into ``out_dir``.

    ``timestamp`` asks a public timestamp service for a token (only a hash is sent); when it
    cannot be reached the checklist is signed anyway and the timestamp is queued for
    :func:`timestamp_pending`."""
    from readiness.signing import pdf_render, pdf_sign

    key = keys.load_key(passphrase)
    cat = catalogue if catalogue is not None else catalogue_mod.load()
    urls = tuple(tsa_urls) if tsa_urls is not None else tsa.DEFAULT_TSA_URLS
    warnings: list[str] = []
    out_dir = Path(out_dir)
    with History() as history, history.writing():
        sequence, previous = history.next_link()
        now = _now()
        report_id = str(uuid.uuid4())
        statement = _statement_for(
            report, report_id=report_id, sequence=sequence, previous=previous,
            signed_at=_iso(now), info=key.info, attestations=attestations, host=host,
            catalogue=cat,
        )
        payload = jcs.canonical(statement)
        digest = hashlib.sha256(payload).hexdigest()
        fingerprint = key.public.fingerprint
        envelope = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(fingerprint, key.sign)])
        signature = envelope.signatures[0].sig
        bundle = Bundle(envelope, fingerprint)
        token: tsa.Token | None = None
        queued = False
        if timestamp:
            try:
                token = tsa.request_first(signature, urls, roots=tsa_roots)
            except TimestampError as exc:
                queued = True
                warnings.append(
                    "The trusted timestamp could not be obtained now and will be added later "
                    f"({exc})."
                )
            else:
                bundle = bundle.with_timestamp(token.der)
                skew = tsa.skew_warning(token.gen_time, now)
                if skew:
                    warnings.append(skew)
        timestamper = None
        if token is not None and token.url:
            from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

            timestamper = RequestsHTTPTimeStamper(  # type: ignore[no-untyped-call]
                token.url, timeout=int(tsa.TIMEOUT_S)
            )
        time_note = (
            f"trusted timestamp from {token.tsa_name or token.url}: {_iso(token.gen_time)}"
            if token is not None
            else "the computer's own clock (no trusted timestamp)"
            + ("; a trusted timestamp is queued" if queued else "")
        )
        pdf = pdf_render.render_checklist(statement, statement_sha256=digest,
                                          timestamp_note=time_note)
        bundle_text = bundle.dumps()
        attachments = [
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
        try:
            signed_pdf = pdf_sign.sign_pdf(pdf, key, attachments, timestamper=timestamper)
        except Exception as exc:
            if timestamper is None:
                raise
            warnings.append(f"The PDF's own timestamp could not be added ({exc}).")
            signed_pdf = pdf_sign.sign_pdf(pdf, key, attachments)
        stamp = now.strftime("%Y-%m-%dT%H%MZ")
        pdf_path = _unique(out_dir / f"{stamp}_{sequence:04d}_checklist.pdf")
        bundle_path = _unique(out_dir / f"{stamp}_{sequence:04d}_checklist.readiness.json")
        atomic_write_text(bundle_path, bundle_text)
        atomic_write_bytes(pdf_path, signed_pdf)
        history.add(
            HistoryEntry(
                report_id=report_id, sequence=sequence, generated_at=report.generated_at,
                verdict=report.verdict.value, timestamped=token is not None,
                pdf_path=str(pdf_path), bundle_path=str(bundle_path), signed_at=_iso(now),
                statement_sha256=digest, fingerprint=fingerprint, timestamp_queued=queued,
            ),
            bundle_text,
        )
    return SignedChecklist(
        report_id=report_id, sequence=sequence, pdf_path=pdf_path, bundle_path=bundle_path,
        verdict=report.verdict.value, timestamped=token is not None, timestamp_queued=queued,
        generated_at=report.generated_at, statement_sha256=digest, fingerprint=fingerprint,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class TimestampOutcome:
    report_id: str
    done: bool
    message: str


def timestamp_pending(
    *,
    tsa_urls: Sequence[str] | None = None,
    tsa_roots: Sequence[x509.Certificate] | None = None,
) -> list[TimestampOutcome]:
    """Add trusted timestamps to checklists signed while offline.

    The token goes into the stored bundle and the ``.readiness.json`` file (it sits outside the
    signed payload); the PDF gets a PDF document timestamp (an incremental update that its
    "no changes" certification allows). The late token proves "no later than" its own time."""
    urls = tuple(tsa_urls) if tsa_urls is not None else tsa.DEFAULT_TSA_URLS
    outcomes: list[TimestampOutcome] = []
    with History() as history:
        for entry in history.queued():
            stored = history.bundle_json(entry.report_id)
            if stored is None:
                continue
            bundle = parse_bundle(stored.encode())
            try:
                token = tsa.request_first(bundle.envelope.signatures[0].sig, urls, roots=tsa_roots)
            except TimestampError as exc:
                outcomes.append(TimestampOutcome(entry.report_id, False, str(exc)))
                continue
            updated = bundle.with_timestamp(token.der)
            text = updated.dumps()
            messages = [f"timestamped {_iso(token.gen_time)} by {token.tsa_name or token.url}"]
            bundle_file = Path(entry.bundle_path)
            if bundle_file.exists():
                try:
                    on_disk = parse_bundle(bundle_file.read_bytes())
                    if on_disk.envelope == bundle.envelope:
                        atomic_write_text(bundle_file, text)
                    else:
                        messages.append(f"{bundle_file} no longer matches; left as it is")
                except (OSError, SigningError):
                    messages.append(f"{bundle_file} is unreadable; left as it is")
            pdf_file = Path(entry.pdf_path)
            if pdf_file.exists() and token.url:
                try:
                    _document_timestamp(pdf_file, token.url)
                except Exception as exc:
                    messages.append(f"the PDF could not be timestamped ({exc})")
            history.mark_timestamped(entry.report_id, text)
            outcomes.append(TimestampOutcome(entry.report_id, True, "; ".join(messages)))
    return outcomes


def _document_timestamp(pdf_file: Path, url: str) -> None:
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    data = pdf_file.read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    out = io.BytesIO()
    stamper = RequestsHTTPTimeStamper(url, timeout=int(tsa.TIMEOUT_S))  # type: ignore[no-untyped-call]
    signers.PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256", output=out)
    atomic_write_bytes(pdf_file, out.getvalue())


def load_history_bundle(report_id: str) -> dict[str, Any] | None:
    with History() as history:
        text = history.bundle_json(report_id)
    return json.loads(text) if text else None
