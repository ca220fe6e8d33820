"""The PDF signature: attachments, a PAdES certification signature (pyHanko), and reading both
back for verification.

The checklist PDF is certified "no changes allowed" (DocMDP P=1) with the practitioner's P-256
key inside a self-signed certificate. The attachments (statement, bundle, OpenSSH signature) are
added in the same revision as the signature, so the signature covers them.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from readiness.signing.keys import LoadedKey
from readiness.signing.pubkey import sign_bytes


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    mime_type: str
    description: str


class _DeterministicSigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, but ECDSA signatures are deterministic (RFC 6979)."""

    def __init__(self, key: LoadedKey) -> None:
        cert = asn1_x509.Certificate.load(key.certificate.public_bytes(serialization.Encoding.DER))
        pkcs8 = key.private.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        super().__init__(
            signing_cert=cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [cert]
            ),
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        if digest_algorithm.lower() != "sha256":
            raise ValueError("the checklist is signed with SHA-256 only")
        return sign_bytes(self._key.private, data)


def sign_pdf(
    pdf: bytes,
    key: LoadedKey,
    attachments: Sequence[Attachment],
    *,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Attach ``attachments`` and certify the PDF with a PAdES signature (no changes allowed)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for a in attachments:
        embed.embed_file(
            writer,
            embed.FileSpec(
                file_spec_string=a.name,
                file_name=a.name,
                embedded_data=embed.EmbeddedFileObject.from_file_data(
                    writer, data=a.data, mime_type=a.mime_type
                ),
                description=a.description,
                af_relationship=generic.NameObject("/Supplement"),
            ),
        )
    meta = signers.PdfSignatureMetadata(
        field_name="ReadinessSignature",
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        reason="Pre-session device checklist signed by the practitioner",
        name=key.info.name,
    )
    out = io.BytesIO()
    signers.sign_pdf(
        writer, meta, signer=_DeterministicSigner(key), timestamper=timestamper, output=out
    )
    return out.getvalue()


MAX_ATTACHMENT = 8 * 1024 * 1024  # decoded; a checklist's largest attachment is its bundle
MAX_ATTACHMENTS = 32


def _file_streams(reader: PdfFileReader) -> list[tuple[str, Any]]:
    """(name, stream object) of each embedded file, undecoded, from the EmbeddedFiles tree."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return []
    items = list(names)[: 2 * MAX_ATTACHMENTS]
    out: list[tuple[str, Any]] = []
    for i in range(0, len(items) - 1, 2):
        try:
            spec: Any = items[i + 1].get_object()
            out.append((str(items[i]), spec["/EF"]["/F"].get_object()))
        except (KeyError, TypeError, AttributeError, ValueError):
            continue
    return out


def _decoded(stream: Any, limit: int) -> bytes | None:
    """A stream's bytes if it is plain or Flate-encoded and decodes to at most ``limit``
    bytes; None otherwise. Decoded by hand so a compression bomb stops at the limit instead
    of filling memory (pyHanko would decode it whole)."""
    filters = stream.get("/Filter")
    if isinstance(filters, list | tuple):
        filters = filters[0] if len(filters) == 1 else "many"
    raw = bytes(stream.encoded_data)
    if filters is None:
        return raw if len(raw) <= limit else None
    if str(filters) != "/FlateDecode" or stream.get("/DecodeParms") is not None:
        return None
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, limit + 1)
    except zlib.error:
        return None
    return data if len(data) <= limit else None


def attachment_names(reader: PdfFileReader) -> list[str]:
    """Every embedded file's name, in order, repeats included."""
    return [name for name, _ in _file_streams(reader)]


def attachments(reader: PdfFileReader, wanted: set[str] | None = None,
                limit: int = MAX_ATTACHMENT) -> dict[str, bytes]:
    """The embedded files of a PDF by name (only ``wanted`` ones when given), each decoded
    only when it fits in ``limit`` bytes; others are left out."""
    out: dict[str, bytes] = {}
    for name, stream in _file_streams(reader):
        if (wanted is None or name in wanted) and name not in out:
            try:
                data = _decoded(stream, limit)
            except (KeyError, TypeError, AttributeError, ValueError):
                data = None
            if data is not None:
                out[name] = data
    return out


def read_attachments(pdf: bytes) -> dict[str, bytes]:
    return attachments(PdfFileReader(io.BytesIO(pdf), strict=False))


def signer_certificate(embedded_sig: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(embedded_sig.signer_cert.dump())
