"""The key card: a one-page PDF the practitioner hands their supervisor once, plus the public
key and ``allowed_signers`` files beside it. The public key is attached to the PDF so
``readiness signers add CARD.pdf`` can read it back, with the values its page was drawn from
so that the page can be redrawn and compared: a card whose page shows anything but its own
key's fingerprint is refused. Trust still comes from comparing the fingerprint in person,
never from the card itself."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from cryptography import x509
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError

from readiness.signing import jcs
from readiness.signing.errors import SigningError
from readiness.signing.files import atomic_write_bytes, atomic_write_text
from readiness.signing.keys import KeyInfo
from readiness.signing.pdf_render import render_key_card
from readiness.signing.pdf_sign import read_attachments
from readiness.signing.pubkey import PublicKey, PublicKeyError
from readiness.signing.signers import principal

CARD_ATTACHMENT = "public-key.pub"
CARD_DRAWING = "key-card.json"  # the values the card's page was drawn from
CARD_FORMAT = "readiness-key-card/1"


def _slug(name: str) -> str:
    return principal(name).split("@")[0]  # file names: the name alone reads better


def write_key_card(info: KeyInfo, cert: x509.Certificate, out_dir: Path) -> list[Path]:
    pub = PublicKey.parse(info.public_key)
    # ssh-keygen reads a date without "Z" in the verifier's own time zone: a day's margin
    # keeps a checklist signed just after the key was made valid west of UTC too ("Z" itself
    # is not understood by the OpenSSH 8.x still on many supervisors' machines).
    created = dt.date.fromisoformat(info.created_at[:10])
    valid_after = (created - dt.timedelta(days=1)).strftime("%Y%m%d")
    allowed = pub.allowed_signers_line(principal(info.name, pub), valid_after=valid_after)
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




_CARD_FIELDS = ("name", "registration", "created_at", "fingerprint", "cert_fingerprint",
                "public_key", "allowed_signers")


def card_problems(pdf: bytes, key: PublicKey, drawing: bytes | None) -> list[str]:
    """Why the card's page is not exactly what Readiness draws for ``key`` (empty if it is).

    The supervisor compares the fingerprint printed on the card aloud, so the page must show
    the attached key's own fingerprint and nothing else: the page is redrawn from the values
    attached to the card and compared instruction by instruction (text hidden, covered,
    drawn as an image or added on another page all differ)."""
    from readiness.signing import allowed_signers
    from readiness.signing.pdf_pages import Unreadable, drawing_problems, read_pages

    if drawing is None:
        return ["it carries no description of its page (made by an older Readiness, or not "
                "by Readiness): export a new key card"]
    try:
        values = jcs.parse_strict(drawing)
    except SigningError:
        return ["its description of its page is damaged"]
    if not isinstance(values, dict) or values.get("format") != CARD_FORMAT or not all(
        isinstance(values.get(k), str) for k in _CARD_FIELDS
    ):
        return ["its description of its page is not one Readiness writes"]
    try:
        shown = PublicKey.parse(values["public_key"])
        lines = allowed_signers.read_allowed_signers(values["allowed_signers"].encode(), "card")
    except SigningError:
        return ["the key printed on it is unusable"]
    if shown.blob != key.blob or values["fingerprint"] != key.fingerprint or \
            [e.key.blob for e in lines.entries] != [key.blob]:
        return [f"the key printed on it is not the key attached to it ({key.fingerprint})"]
    try:
        pages, problems = read_pages(pdf)
        _, expected = _card_pages(tuple(values[k] for k in _CARD_FIELDS))
    except Unreadable as exc:
        return [str(exc)]
    problems += [f"page {n} has a {kind} drawn over it"
                 for n, page in enumerate(pages, 1) for kind in page.overlays]
    return problems + drawing_problems(pages, expected)


def _card_pages(values: tuple[str, ...]) -> tuple[bytes, tuple[Any, ...]]:
    from readiness.signing.pdf_pages import read_pages

    pdf = render_key_card(**dict(zip(_CARD_FIELDS, values, strict=True)))
    return pdf, tuple(read_pages(pdf)[0])
