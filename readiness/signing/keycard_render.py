"""Drawing a key card's page, by layout (the ``format`` its attached description names).

A verifier redraws a card's page from the values attached to it and compares the drawing
instruction by instruction (``keycard_check``), so each layout Readiness ever wrote stays
drawable here:

- ``readiness-key-card/1``: the long forms only (``pdf_render.render_key_card``, unchanged).
  Still accepted: such a card is as genuine as a new one, and trust never came from the card
  but from comparing the fingerprint with the practitioner. It lacks the short fingerprint,
  so the supervisor's screen says so and offers the long one to compare.
- ``readiness-key-card/2`` (written now): name, registration and the short fingerprint in
  large type first, the long forms after. Its styles are its own, so a change to the
  checklist's look can never change how a card already handed out redraws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from readiness.signing import names
from readiness.signing.pdf_kit import (
    FONT,
    FONT_BOLD,
    FONT_MONO,
    REPLACEMENT_NOTE,
    build,
    clean,
    noting_replacements,
    styles,
)
from readiness.signing.pdf_render import render_key_card as render_key_card_v1
from readiness.signing.pubkey import short_fingerprint

CARD_FORMAT_V1 = names.CARD_FORMAT  # "readiness-key-card/1"
CARD_FORMAT_V2 = "readiness-key-card/2"
CARD_FORMAT = CARD_FORMAT_V2  # what write_key_card writes

INTRO = (
    "Give this card to your supervisor once, in person or in a supervision session. In "
    "Readiness they choose Verify, then Add a key card, and read the fingerprint above "
    "aloud with you: the same six groups appear on their screen and in your own Settings. "
    "Checklists you sign can then be checked against your key."
)
NOTE = (
    "The public key is also attached to this PDF (public-key.pub). A key card proves nothing "
    "by itself: trust comes from comparing the fingerprint with the practitioner."
)


def _styles() -> dict[str, ParagraphStyle]:
    styles()  # registers the fonts
    base = ParagraphStyle("card", fontName=FONT, fontSize=9.5, leading=13)
    return {
        "base": base,
        "title": ParagraphStyle("cardTitle", parent=base, fontSize=11, leading=14,
                                textColor=colors.HexColor("#5f6368")),
        "name": ParagraphStyle("cardName", parent=base, fontName=FONT_BOLD, fontSize=24,
                               leading=29, spaceBefore=2),
        "registration": ParagraphStyle("cardReg", parent=base, fontSize=15, leading=19),
        "label": ParagraphStyle("cardLabel", parent=base, fontName=FONT_BOLD, fontSize=10,
                                leading=13, spaceBefore=10),
        "short": ParagraphStyle("cardShort", parent=base, fontName=FONT_MONO, fontSize=23,
                                leading=30),
        "h2": ParagraphStyle("cardH2", parent=base, fontName=FONT_BOLD, fontSize=11.5,
                             leading=15, spaceBefore=12, spaceAfter=4),
        "key": ParagraphStyle("cardKey", parent=base, fontName=FONT_BOLD, fontSize=8.5,
                              leading=11),
        "mono": ParagraphStyle("cardMono", parent=base, fontName=FONT_MONO, fontSize=7.5,
                               leading=9.5),
        "small": ParagraphStyle("cardSmall", parent=base, fontSize=7.5, leading=9.5),
    }


def _long_forms(values: list[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Table:
    cells = [[Paragraph(clean(k), st["key"]), Paragraph(clean(v, mono=True), st["mono"])]
             for k, v in values]
    return Table(cells, colWidths=[48 * mm, None], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d0d0d0")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))


def render_key_card_v2(*, name: str, registration: str, created_at: str, fingerprint: str,
                       cert_fingerprint: str, public_key: str, allowed_signers: str) -> bytes:
    st = _styles()
    short = short_fingerprint(fingerprint)
    if not short:  # the card's values are checked before drawing; this is never drawn blank
        raise ValueError("a key card needs a SHA256 fingerprint")
    with noting_replacements() as replaced:
        story: list[Any] = [
            Paragraph("Readiness key card", st["title"]),
            Paragraph(clean(name), st["name"]),
            Paragraph(clean(registration or "No registration given"), st["registration"]),
            Paragraph("Fingerprint to compare", st["label"]),
            Paragraph(clean(short, mono=True), st["short"]),
        ]
    if replaced:
        story.append(Paragraph(clean(REPLACEMENT_NOTE), st["small"]))
    story += [
        Spacer(1, 3 * mm),
        Paragraph(clean(INTRO), st["base"]),
        Paragraph("The long forms (for software that asks for them)", st["h2"]),
        _long_forms([
            ("Key created", created_at),
            ("Key fingerprint (OpenSSH)", fingerprint),
            ("Certificate SHA-256 (as PDF readers show it)", cert_fingerprint),
            ("Public key", public_key),
            ("allowed_signers line (for ssh-keygen -Y verify)", allowed_signers),
        ], st),
        Spacer(1, 4 * mm),
        Paragraph(clean(NOTE), st["small"]),
    ]
    return build(story, title="Readiness key card", author=name)


RENDERERS: dict[str, Callable[..., bytes]] = {
    CARD_FORMAT_V1: render_key_card_v1,
    CARD_FORMAT_V2: render_key_card_v2,
}


def render_key_card(*, name: str, registration: str, created_at: str, fingerprint: str,
                    cert_fingerprint: str, public_key: str, allowed_signers: str) -> bytes:
    """The card Readiness writes now (layout ``CARD_FORMAT``)."""
    return render_key_card_v2(
        name=name, registration=registration, created_at=created_at, fingerprint=fingerprint,
        cert_fingerprint=cert_fingerprint, public_key=public_key,
        allowed_signers=allowed_signers)
