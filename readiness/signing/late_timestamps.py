"""Trusted timestamps added after signing, for checklists signed while offline."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509

from readiness.signing import tsa
from readiness.signing.bundle import parse_bundle
from readiness.signing.errors import SigningError, TimestampError
from readiness.signing.files import atomic_write_bytes, atomic_write_text
from readiness.store import History


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


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
    urls = tuple(tsa_urls) if tsa_urls is not None else tsa.default_urls()
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
