"""The drawing kit the checklist and key card PDFs share: fonts, words, styles, status icons.

ReportLab (BSD, maintained since 2000) is used rather than Qt's QPdfWriter because the signing
core must not import Qt. The fonts are DejaVu Sans, Sans Bold and Sans Mono, shipped in
``assets/fonts`` (README and LICENSE there) and embedded (subset) in every PDF, so output does
not depend on fonts installed on the machine and names in Welsh (ŵ, ŷ), Irish, Polish,
Romanian and most European languages print as written. Output is made byte-stable
(``invariant``) so the same input renders the same PDF: the verifier relies on that when it
redraws a checklist's pages (``pdf_text``), so changing a font file changes the drawing.

A character the fonts lack (emoji, CJK...) is drawn as U+FFFD "�", never as a look-alike
letter or a "?" that could be read as text, and the page says so (``REPLACEMENT_NOTE``); the
signed statement keeps the exact text. The verifier redraws the same way, so such a page
still verifies. Status is shown with a drawn icon *and* a word, never colour alone.
"""

from __future__ import annotations

import contextvars
import functools
import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from readiness.model import Status, Verdict
from readiness.paths import assets_dir
from readiness.signing.errors import SigningError

FONT = "ReadinessSans"
FONT_BOLD = "ReadinessSansBold"
FONT_MONO = "ReadinessMono"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    # Mono for fingerprints, keys and hashes: its 0/O and 1/l/I differ clearly, which matters
    # when a fingerprint is read aloud, and it covers what else is set in it (names, TSA names).
    FONT_MONO: "DejaVuSansMono.ttf",
}
REPLACEMENT = "\ufffd"

# The core's words (model.Status/Verdict.label), in status order. The verifier redraws pages
# and compares them exactly, so these must print as they always have (tests/signing golden).
STATUS_WORD = {s.value: s.label for s in Status}
STATUS_COLOUR = {
    "pass": colors.HexColor("#1b7f3b"),
    "warn": colors.HexColor("#a86400"),
    "fail": colors.HexColor("#b3261e"),
    "unknown": colors.HexColor("#5f6368"),
    "not_applicable": colors.HexColor("#5f6368"),
}
VERDICT_WORD = {v.value: v.label for v in Verdict}
# The icon of a practice question not answered yet (its status stays unknown): its own shape,
# as in the app. Not a status value, so no layout-1 drawing can meet it.
NOT_ANSWERED_ICON = "not_answered"
VERDICT_STATUS = {v.value: v.status.value for v in Verdict}

_replaced: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "readiness_pdf_replaced", default=None)


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


@functools.cache
def _shown() -> tuple[frozenset[int], frozenset[int]]:
    """Registers the fonts once; the characters (code points) the proportional fonts (regular
    and bold alike, since a line may switch between them) and the mono font can draw."""
    cmaps: dict[str, frozenset[int]] = {}
    for name, file in FONT_FILES.items():
        try:
            font = TTFont(name, str(fonts_dir() / file))
        except (OSError, TTFError) as exc:
            raise SigningError(
                f"the font {file} is missing or damaged in this installation of Readiness "
                f"({fonts_dir()}), so PDFs cannot be drawn; reinstall Readiness") from exc
        pdfmetrics.registerFont(font)
        cmaps[name] = frozenset(font.face.charToGlyph)
    # <b> inside a paragraph switches to the bold file; there is no italic file, so <i> is
    # drawn upright rather than failing.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)
    return cmaps[FONT] & cmaps[FONT_BOLD], cmaps[FONT_MONO]


def clean(text: str, *, mono: bool = False) -> str:
    """Escape for ReportLab's markup and draw characters the font (``mono``: the mono font)
    lacks as U+FFFD.

    Only the rendering is affected: the signed statement keeps the exact text. NFC first, so
    a letter and a combining accent print as the one precomposed letter the font has."""
    shown = _shown()[1 if mono else 0]
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "\n\t" or ord(ch) in shown:
            out.append(ch)
        else:
            out.append(REPLACEMENT)
            noted = _replaced.get()
            if noted is not None:
                noted.append(ch)
    return escape("".join(out))


@contextmanager
def noting_replacements() -> Iterator[list[str]]:
    """Collects the characters ``clean`` replaces while drawing one document (per thread)."""
    noted: list[str] = []
    token = _replaced.set(noted)
    try:
        yield noted
    finally:
        _replaced.reset(token)


REPLACEMENT_NOTE = (
    f"Characters this PDF's font cannot show are printed as {REPLACEMENT} on this page."
)


def styles() -> dict[str, ParagraphStyle]:
    _shown()
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


MARK_TAG = "ReadinessChecklist"


def mark(note: str, layout: int) -> str:
    """The marked-content opening that carries the checklist layout number and the unsigned
    time note (UTF-8, hex): invisible on the page, read back by the verifier (``pdf_text``)."""
    return f"/{MARK_TAG} <</Layout {layout} /Time <{note.encode('utf-8').hex()}>>> BDC"


class MarkedParagraph(Paragraph):
    """A paragraph drawn inside ``mark(note, layout)`` ... ``EMC``."""

    def __init__(self, text: str, style: ParagraphStyle, note: str, layout: int) -> None:
        super().__init__(text, style)
        self._note = note
        self._layout = layout

    def draw(self) -> None:
        self.canv.addLiteral(mark(self._note, self._layout))
        super().draw()
        self.canv.addLiteral("EMC")


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
        if self.status == NOT_ANSWERED_ICON:
            self._draw_unanswered()
            return
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


    def _draw_unanswered(self) -> None:
        """An open grey ring with three dots: waiting for an answer, neither pass nor fail."""
        c = self.canv
        s = self.size
        grey = STATUS_COLOUR["unknown"]
        c.setStrokeColor(grey)
        c.setFillColor(grey)
        c.setLineWidth(s * 0.1)
        c.circle(s / 2, s / 2, s * 0.45, stroke=1, fill=0)
        for x in (0.3, 0.5, 0.7):
            c.circle(s * x, s / 2, s * 0.065, stroke=0, fill=1)


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
