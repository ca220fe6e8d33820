"""Renders the human-readable checklist and key card PDFs with ReportLab.

ReportLab (BSD, maintained since 2000) is used rather than Qt's QPdfWriter because the signing
core must not import Qt, and it ships the Bitstream Vera fonts, so output does not depend on
fonts installed on the machine. Output is made byte-stable (``invariant``) so the same input
renders the same PDF. Status is shown with a drawn icon *and* a word, never colour alone.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

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


def _styles() -> dict[str, ParagraphStyle]:
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


def _observed_text(observed: Mapping[str, Any]) -> str:
    parts = []
    for k, v in observed.items():
        if v is None:
            v = "none"
        parts.append(f"{k}: {v}")
    return "; ".join(parts)


def _check_rows(checks: Sequence[Mapping[str, Any]], st: Mapping[str, ParagraphStyle],
                attested: bool) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for c in checks:
        status = str(c.get("status", "unknown"))
        word = STATUS_WORD.get(status, status)
        title = str(c.get("title", c.get("id", "")))
        if attested:
            title += " (attested: your statement, not checked by the computer)"
        lines = [
            f"<font name='{FONT_BOLD}'>{clean(title)}</font>",
            clean(str(c.get("summary", ""))),
        ]
        observed = c.get("observed") or {}
        if isinstance(observed, Mapping) and observed:
            lines.append(f"<i>What was found:</i> {clean(_observed_text(observed))}")
        if c.get("expected"):
            lines.append(f"<i>Expected:</i> {clean(str(c['expected']))}")
        if c.get("method"):
            lines.append(f"<i>How it was checked:</i> {clean(str(c['method']))}")
        refs = [str(r) for r in c.get("references", ()) if str(r)]
        if refs:
            lines.append(f"<i>Fact sheet / framework:</i> {clean(', '.join(refs))}")
        word_par = Paragraph(
            f"<font color='{STATUS_COLOUR.get(status, colors.grey).hexval()}' "
            f"name='{FONT_BOLD}'>{clean(word)}</font>",
            st["base"],
        )
        rows.append([StatusIcon(status), word_par, Paragraph("<br/>".join(lines), st["base"])])
    return rows


def _check_table(rows: list[list[Any]]) -> Table:
    t = Table(rows, colWidths=[7 * mm, 24 * mm, None], repeatRows=0)
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d0d0d0")),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return t


PROVES = (
    "It proves that the holder of the key with the fingerprint above produced exactly these "
    "results with the tool and catalogue versions named here, and that nothing in them has "
    "changed since it was signed. With a trusted timestamp it also proves the results existed "
    "no later than the time the timestamp authority states."
)
DOES_NOT_PROVE = (
    "It does not prove that a compromised computer reported the truth, that the computer "
    "checked is the one used for sessions, or that the attested items are true: those are the "
    "practitioner's own statements. Without a trusted timestamp the time is the signer's own "
    "claim. Checks marked unknown could not be decided and are not passes."
)


def render_checklist(statement: Mapping[str, Any], *, statement_sha256: str,
                     timestamp_note: str) -> bytes:
    """The human-readable checklist for a signed statement (before the PDF signature)."""
    st = _styles()
    pred = statement["predicate"]
    practitioner = pred.get("practitioner", {})
    verdict = str(pred.get("verdict", ""))
    story: list[Any] = []
    story.append(Paragraph("Pre-session device checklist", st["h1"]))
    who = clean(str(practitioner.get("name", "")))
    if practitioner.get("registration"):
        who += f" &middot; {clean(str(practitioner['registration']))}"
    story.append(Paragraph(who, st["bold"]))
    story.append(Paragraph(
        f"Checked {clean(str(pred.get('generatedAt', '')))} (computer clock) on "
        f"{clean(str(pred.get('device', {}).get('os', '')))}. Report "
        f"{int(pred.get('sequence', 0))} in this practitioner's series.",
        st["base"],
    ))
    if pred.get("source") == "replayed-snapshot":
        story.append(Paragraph(
            "<font color='#b3261e'><b>These results were replayed from a recorded snapshot, "
            "not taken from this computer.</b></font>", st["base"]))
    story.append(Spacer(1, 4 * mm))
    vstatus = VERDICT_STATUS.get(verdict, "unknown")
    vt = Table([[StatusIcon(vstatus, 7 * mm), Paragraph(
        f"Verdict: <font color='{STATUS_COLOUR[vstatus].hexval()}'>"
        f"{clean(VERDICT_WORD.get(verdict, verdict))}</font>", st["verdict"])]],
        colWidths=[10 * mm, None])
    vt.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(vt)
    counts = pred.get("counts", {})
    if isinstance(counts, Mapping):
        story.append(Paragraph(clean(", ".join(
            f"{STATUS_WORD.get(k, k)}: {v}" for k, v in counts.items() if v
        )), st["small"]))

    checks = pred.get("checks", [])
    if checks:
        story.append(Paragraph("Checks made by the computer", st["h2"]))
        story.append(_check_table(_check_rows(checks, st, attested=False)))
    atts = pred.get("attestations", [])
    if atts:
        story.append(Paragraph("Attested by the practitioner", st["h2"]))
        story.append(Paragraph(
            "These are the practitioner's own statements. The computer cannot see them and "
            "did not verify them.", st["small"]))
        story.append(_check_table(_check_rows(atts, st, attested=True)))
    if pred.get("declaration"):
        story.append(Paragraph("Declaration", st["h2"]))
        story.append(Paragraph(clean(str(pred["declaration"])), st["base"]))

    fp = str(practitioner.get("keyFingerprint", ""))
    previous = pred.get("previous") if isinstance(pred.get("previous"), Mapping) else {}
    cat = pred.get("catalogue", {})
    tool = pred.get("tool", {})
    details = [
        ("Signing key fingerprint", fp),
        ("Statement SHA-256", statement_sha256),
        ("Report id", str(pred.get("reportId", ""))),
        ("Sequence", str(pred.get("sequence", ""))),
        ("Previous report SHA-256", str(previous.get("sha256", "")) or "(first report)"),
        ("Tool version", str(tool.get("version", ""))),
        ("Catalogue",
         f"{cat.get('version', '')} (sha256 {cat.get('digest', {}).get('sha256', '')})"),
        ("Time", timestamp_note),
    ]
    story.append(KeepTogether([
        Paragraph("Signature details", st["h2"]),
        Table([[Paragraph(clean(k), st["small"]), Paragraph(clean(v or "(none)"), st["mono"])]
               for k, v in details], colWidths=[38 * mm, None],
              style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])),
    ]))
    story.append(KeepTogether([
        Paragraph("What this proves, and what it does not", st["h2"]),
        Paragraph(clean(PROVES), st["base"]),
        Spacer(1, 2 * mm),
        Paragraph(clean(DOES_NOT_PROVE), st["base"]),
    ]))
    story.append(KeepTogether([
        Paragraph("How to check it", st["h2"]),
        Paragraph(clean(
            "This PDF is certified with the signing key; a PDF reader shows the signature "
            "(trust the certificate once after comparing its SHA-256 fingerprint with the key "
            "card). Inside are the signed statement (statement.json), the signature bundle "
            "(checklist.readiness.json) and an OpenSSH signature (statement.json.sig). "
            "Check them with 'readiness verify', or with 'ssh-keygen -Y verify' and the "
            "allowed_signers line from the key card."), st["base"]),
    ]))
    return _build(story, title="Pre-session device checklist",
                  author=str(practitioner.get("name", "")))


def render_key_card(*, name: str, registration: str, created_at: str, fingerprint: str,
                    cert_fingerprint: str, public_key: str, allowed_signers: str) -> bytes:
    st = _styles()
    story: list[Any] = [
        Paragraph("Readiness key card", st["h1"]),
        Paragraph(clean(
            "Give this card to your supervisor once, in person or in a supervision session. "
            "They compare the fingerprint with you aloud and then add the key to their list "
            "of trusted signers (readiness signers add). Checklists you sign can then be "
            "checked against it."), st["base"]),
        Spacer(1, 4 * mm),
    ]
    rows = [
        ("Name", name),
        ("Registration", registration or "(none given)"),
        ("Key created", created_at),
        ("Key fingerprint (OpenSSH)", fingerprint),
        ("Certificate SHA-256 (as PDF readers show it)", cert_fingerprint),
    ]
    story.append(Table(
        [[Paragraph(clean(k), st["bold"]), Paragraph(clean(v), st["mono"])] for k, v in rows],
        colWidths=[55 * mm, None],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#d0d0d0")),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]),
    ))
    story.append(Paragraph("Public key", st["h2"]))
    story.append(Paragraph(clean(public_key), st["mono"]))
    story.append(Paragraph("allowed_signers line (for ssh-keygen -Y verify)", st["h2"]))
    story.append(Paragraph(clean(allowed_signers), st["mono"]))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(clean(
        "The public key is also attached to this PDF (public-key.pub). A key card proves "
        "nothing by itself: trust comes from comparing the fingerprint with the practitioner."),
        st["small"]))
    return _build(story, title="Readiness key card", author=name)


def _build(story: list[Any], *, title: str, author: str) -> bytes:
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
