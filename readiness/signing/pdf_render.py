"""Renders the human-readable checklist (by layout) and the first key card layout.

The checklist is drawn from the signed statement alone, in its canonical (RFC 8785) form, so a
verifier holding only the statement redraws exactly the same pages and can require the PDF to
show them (``pdf_text``): objects in their sorted key order, lists in the statement's own order.
The one unsigned line, the time line, is wrapped in marked content that carries it and the
layout number (``pdf_kit.mark``), so the verifier can read it back and redraw with it.

Layouts: 1 (``pdf_layout1``, frozen: raw observed values on the pages) and 2 (``pdf_layout2``:
a one-page summary, each check in sentences, the raw evidence in an appendix with readable
labels). New checklists are drawn with ``LAYOUT``; every layout in ``LAYOUTS`` can still be
redrawn, exactly as it was, to verify checklists signed with it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from readiness.signing import jcs, pdf_layout1, pdf_layout2
from readiness.signing.pdf_kit import (
    MARK_TAG,
    REPLACEMENT_NOTE,
    build,
    clean,
    noting_replacements,
    styles,
)

# What render_checklist draws for a new checklist, as a number. Raise it whenever the drawing
# changes (wording, layout, order, the words of readiness.evidence_text): a verifier redraws a
# checklist with the layout it names, so every older layout's drawing stays in LAYOUTS.
LAYOUT = 2
LAYOUTS: dict[int, Callable[..., bytes]] = {
    pdf_layout1.LAYOUT: pdf_layout1.render,
    pdf_layout2.LAYOUT: pdf_layout2.render,
}
__all__ = ["LAYOUT", "LAYOUTS", "MARK_TAG", "render_checklist", "render_key_card"]


def render_checklist(statement: Mapping[str, Any], *, statement_sha256: str,
                     timestamp_note: str, layout: int | None = None) -> bytes:
    """The human-readable checklist for a signed statement (before the PDF signature), drawn
    with ``layout`` (default: ``LAYOUT``, the one new checklists get).

    Drawn from the statement's canonical form: the same statement in any key order, or
    parsed back from the signed bytes, draws the same pages."""
    draw = LAYOUTS[LAYOUT if layout is None else layout]
    signed = json.loads(jcs.canonical(statement))
    return draw(signed, statement_sha256=statement_sha256, timestamp_note=timestamp_note)


def render_key_card(*, name: str, registration: str, created_at: str, fingerprint: str,
                    cert_fingerprint: str, public_key: str, allowed_signers: str) -> bytes:
    st = styles()
    story: list[Any] = [
        Paragraph("Readiness key card", st["h1"]),
        Paragraph(clean(
            "Give this card to your supervisor once, in person or in a supervision session. "
            "They compare the fingerprint with you aloud and then add the key to their list "
            "of trusted signers (readiness signers add). Checklists you sign can then be "
            "checked against it."), st["base"]),
        Spacer(1, 4 * mm),
    ]
    # Name and registration in the text font; what is compared character by character in mono.
    rows = [
        ("Name", name, False),
        ("Registration", registration or "(none given)", False),
        ("Key created", created_at, True),
        ("Key fingerprint (OpenSSH)", fingerprint, True),
        ("Certificate SHA-256 (as PDF readers show it)", cert_fingerprint, True),
    ]
    with noting_replacements() as replaced:
        cells = [[Paragraph(clean(k), st["bold"]),
                  Paragraph(clean(v, mono=mono), st["mono" if mono else "base"])]
                 for k, v, mono in rows]
    story.append(Table(
        cells,
        colWidths=[55 * mm, None],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d0d0d0")),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]),
    ))
    if replaced:
        story.append(Paragraph(clean(REPLACEMENT_NOTE), st["small"]))
    story.append(Paragraph("Public key", st["h2"]))
    story.append(Paragraph(clean(public_key, mono=True), st["mono"]))
    story.append(Paragraph("allowed_signers line (for ssh-keygen -Y verify)", st["h2"]))
    story.append(Paragraph(clean(allowed_signers, mono=True), st["mono"]))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(clean(
        "The public key is also attached to this PDF (public-key.pub). A key card proves "
        "nothing by itself: trust comes from comparing the fingerprint with the practitioner."),
        st["small"]))
    return build(story, title="Readiness key card", author=name)
