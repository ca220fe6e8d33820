"""The key card: a one-page PDF the practitioner hands their supervisor once, plus the public
key and ``allowed_signers`` files beside it. The public key is attached to the PDF so
``readiness signers add CARD.pdf`` can read it back, with the values its page was drawn from
so that the page can be redrawn and compared: a card whose page shows anything but its own
key's fingerprint is refused. Trust still comes from comparing the fingerprint in person,
never from the card itself. The page leads with the name, registration and the short
fingerprint people read aloud (layouts: ``keycard_render``)."""

from __future__ import annotations

import io
from pathlib import Path

from cryptography import x509
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError

from readiness.signing import jcs
from readiness.signing.errors import SigningError
from readiness.signing.files import atomic_write_bytes, atomic_write_text
from readiness.signing.key_store import KeyInfo
from readiness.signing.keycard_check import card_allowed_line, card_problems
from readiness.signing.keycard_render import CARD_FORMAT, render_key_card
from readiness.signing.names import CARD_ATTACHMENT, CARD_DRAWING
from readiness.signing.pdf_attach import read_attachments
from readiness.signing.pubkey import PublicKey, PublicKeyError
from readiness.signing.signers import principal


def _slug(name: str) -> str:
    return principal(name).split("@")[0]  # file names: the name alone reads better


def write_key_card(info: KeyInfo, cert: x509.Certificate, out_dir: Path) -> list[Path]:
    pub = PublicKey.parse(info.public_key)
    allowed = card_allowed_line(pub, info.name, info.created_at)
    drawn = {"format": CARD_FORMAT, "name": info.name, "registration": info.registration,
             "created_at": info.created_at, "fingerprint": info.fingerprint_ssh,
             "cert_fingerprint": info.cert_fingerprint_sha256, "public_key": pub.openssh,
             "allowed_signers": allowed}
    pdf = render_key_card(**{k: v for k, v in drawn.items() if k != "format"})
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pub_line = f"{pub.openssh} {principal(info.name, pub)}\n".encode("ascii")
    for name, data, what in (
        (CARD_ATTACHMENT, pub_line, "The practitioner's public key (OpenSSH format)"),
        (CARD_DRAWING, jcs.canonical(drawn), "What this card shows, so a verifier can "
                                             "redraw it and compare"),
    ):
        embed.embed_file(writer, embed.FileSpec(
            file_spec_string=name, file_name=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer, data=data, mime_type="text/plain"),
            description=what,
        ))
    buf = io.BytesIO()
    writer.write(buf)  # type: ignore[no-untyped-call]
    slug = _slug(info.name)
    card = out_dir / f"{slug}-readiness-key-card.pdf"
    pub_path = out_dir / f"{slug}-readiness-key.pub"
    pem_path = out_dir / f"{slug}-readiness-key.pem"
    allowed_path = out_dir / f"{slug}-allowed_signers"
    atomic_write_bytes(card, buf.getvalue())
    atomic_write_bytes(pub_path, pub_line)
    atomic_write_text(pem_path, pub.pem)
    atomic_write_text(allowed_path, allowed + "\n")
    return [card, pub_path, pem_path, allowed_path]


def key_from_card(pdf: bytes) -> PublicKey:
    """The public key attached to a key card PDF."""
    try:
        files = read_attachments(pdf)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SigningError(f"cannot read the key card PDF ({exc})") from None
    data = files.get(CARD_ATTACHMENT)
    if data is None:
        raise SigningError("this PDF is not a Readiness key card (no public key attached)")
    try:
        return PublicKey.parse(data.decode("ascii", errors="replace"))
    except PublicKeyError as exc:
        raise SigningError(f"the key card's public key is unusable: {exc}") from None


__all__ = ["CARD_ATTACHMENT", "CARD_DRAWING", "CARD_FORMAT", "card_problems", "key_from_card",
           "write_key_card"]
