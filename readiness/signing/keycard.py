"""The key card: a one-page PDF the practitioner hands their supervisor once, plus the public
key and ``allowed_signers`` files beside it. The public key is attached to the PDF so
``readiness signers add CARD.pdf`` can read it back; trust still comes from comparing the
fingerprint in person, never from the card itself."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from cryptography import x509
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError

from readiness.signing.errors import SigningError
from readiness.signing.files import atomic_write_bytes, atomic_write_text
from readiness.signing.keys import KeyInfo
from readiness.signing.pdf_render import render_key_card
from readiness.signing.pdf_sign import read_attachments
from readiness.signing.pubkey import PublicKey, PublicKeyError
from readiness.signing.signers import principal

CARD_ATTACHMENT = "public-key.pub"


def _slug(name: str) -> str:
    return principal(name).split("@")[0]


def write_key_card(info: KeyInfo, cert: x509.Certificate, out_dir: Path) -> list[Path]:
    pub = PublicKey.parse(info.public_key)
    # ssh-keygen reads a date without "Z" in the verifier's own time zone: a day's margin
    # keeps a checklist signed just after the key was made valid west of UTC too ("Z" itself
    # is not understood by the OpenSSH 8.x still on many supervisors' machines).
    created = dt.date.fromisoformat(info.created_at[:10])
    valid_after = (created - dt.timedelta(days=1)).strftime("%Y%m%d")
    allowed = pub.allowed_signers_line(principal(info.name), valid_after=valid_after)
    pdf = render_key_card(
        name=info.name, registration=info.registration, created_at=info.created_at,
        fingerprint=info.fingerprint_ssh, cert_fingerprint=info.cert_fingerprint_sha256,
        public_key=pub.openssh, allowed_signers=allowed,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pub_line = f"{pub.openssh} {principal(info.name)}\n".encode("ascii")
    embed.embed_file(writer, embed.FileSpec(
        file_spec_string=CARD_ATTACHMENT, file_name=CARD_ATTACHMENT,
        embedded_data=embed.EmbeddedFileObject.from_file_data(
            writer, data=pub_line, mime_type="text/plain"),
        description="The practitioner's public key (OpenSSH format)",
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




_FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/])")
MAX_CARD_PAGES = 4


def printed_fingerprints(pdf: bytes) -> set[str]:
    """The OpenSSH fingerprints a key card shows on its pages (as text a reader can copy).

    A card whose printed fingerprint is not its attached key's was doctored or mixed up; the
    supervisor compares the printed one aloud, so the two must be the same."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        pages = reader.pages[:MAX_CARD_PAGES]
        text = "\n".join(page.extract_text() or "" for page in pages)
    except Exception:  # a hostile PDF: no fingerprint can be read, which the caller refuses
        return set()
    return set(_FINGERPRINT.findall(text))
