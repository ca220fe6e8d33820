"""The PDF signature: attachments, a PAdES certification signature (pyHanko), and reading both
back for verification.

The checklist PDF is certified "no changes allowed" (DocMDP P=1) with the practitioner's P-256
key inside a self-signed certificate. The attachments (statement, bundle, OpenSSH signature) are
added in the same revision as the signature, so the signature covers them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from readiness.signing.key_store import LoadedKey
from readiness.signing.pdf_attach import (  # re-exported: read back where they are written
    attachment_names,
    attachments,
    read_attachments,
    signer_certificate,
)
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


__all__ = ["Attachment", "attachment_names", "attachments", "read_attachments", "sign_pdf",
           "signer_certificate"]
