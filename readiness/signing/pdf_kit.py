"""The drawing kit the checklist and key card PDFs share: fonts, words, styles, status icons.

ReportLab (BSD, maintained since 2000) is used rather than Qt's QPdfWriter because the signing
core must not import Qt, and it ships the Bitstream Vera fonts, so output does not depend on
fonts installed on the machine. Output is made byte-stable (``invariant``) so the same input
renders the same PDF. Status is shown with a drawn icon *and* a word, never colour alone.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, SimpleDocTemplate

FONT = "ReadinessVera"
FONT_BOLD = "ReadinessVeraBd"
FONT_MONO = "Courier"

STATUS_WORD = {
    "pass": "Pass",
    "warn": "Warning",
    "fail": "Fail",
    "unknown": "Unknown",
    "not_applicable": "Not applicable",
}
STATUS_COLOUR = {
    "pass": colors.HexColor("#1b7f3b"),
    "warn": colors.HexColor("#a86400"),
    "fail": colors.HexColor("#b3261e"),
    "unknown": colors.HexColor("#5f6368"),
    "not_applicable": colors.HexColor("#5f6368"),
}
VERDICT_WORD = {
    "ready": "Ready",
    "ready_with_cautions": "Ready with cautions",
    "not_ready": "Not ready",
}
VERDICT_STATUS = {"ready": "pass", "ready_with_cautions": "warn", "not_ready": "fail"}

_registered = False
_cmap: Mapping[int, Any] = {}


def _fonts() -> None:
    global _registered, _cmap
    if _registered:
        return
    regular = TTFont(FONT, "Vera.ttf")
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
    _cmap = regular.face.charToGlyph
    _registered = True


def clean(text: str) -> str:
    """Escape for ReportLab's markup and replace characters the bundled font cannot draw.

    Only the rendering is affected: the signed statement keeps the exact text."""
    _fonts()
    out = []
    for ch in text:
        if ch in "\n\t" or ord(ch) in _cmap:
            out.append(ch)
        else:
            out.append("?")
    return escape("".join(out))


def styles() -> dict[str, ParagraphStyle]:
    _fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "mono": ParagraphStyle("mono", parent=base, fontName=FONT_MONO, fontSize=7.5,
                               leading=9.5),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21,
                             spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5, leading=15,
                             spaceBefore=9, spaceAfter=4),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
        "verdict": ParagraphStyle("verdict", parent=base, fontName=FONT_BOLD, fontSize=15,
                                  leading=19),
    }


class StatusIcon(Flowable):
    """A filled circle with a drawn mark: tick, cross, exclamation, question or dash."""

    def __init__(self, status: str, size: float = 4.2 * mm) -> None:
        super().__init__()
        self.status = status
        self.size = size
        self.width = size
        self.height = size

    def draw(self) -> None:
        c = self.canv
        s = self.size
        c.setFillColor(STATUS_COLOUR.get(self.status, colors.grey))
        c.circle(s / 2, s / 2, s / 2, stroke=0, fill=1)
        c.setStrokeColor(colors.white)
        c.setFillColor(colors.white)
        c.setLineWidth(s * 0.12)
        c.setLineCap(1)
        if self.status == "pass":
            p = c.beginPath()
            p.moveTo(s * 0.27, s * 0.52)
            p.lineTo(s * 0.44, s * 0.34)
            p.lineTo(s * 0.74, s * 0.68)
            c.drawPath(p, stroke=1, fill=0)
        elif self.status == "fail":
            c.line(s * 0.32, s * 0.32, s * 0.68, s * 0.68)
            c.line(s * 0.32, s * 0.68, s * 0.68, s * 0.32)
        elif self.status == "warn":
            c.line(s * 0.5, s * 0.42, s * 0.5, s * 0.75)
            c.circle(s * 0.5, s * 0.26, s * 0.06, stroke=0, fill=1)
        elif self.status == "unknown":
            p = c.beginPath()
            p.arc(s * 0.36, s * 0.46, s * 0.64, s * 0.78, startAng=180, extent=-250)
            p.lineTo(s * 0.5, s * 0.4)
            c.drawPath(p, stroke=1, fill=0)
            c.circle(s * 0.5, s * 0.24, s * 0.06, stroke=0, fill=1)
        else:
            c.line(s * 0.3, s * 0.5, s * 0.7, s * 0.5)


def build(story: list[Any], *, title: str, author: str) -> bytes:
    """The PDF for ``story``: A4, a footer with the title and page number, byte-stable."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=title, author=author, creator="Readiness",
        invariant=1,
    )

    def footer(canvas: Any, d: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(16 * mm, 8 * mm, f"{title} - page {d.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
