"""Checklist layout 2's appendix: the evidence behind every result, as the statement signs it.

For each item: how it was checked, what it found (each fact with a readable label and value,
``readiness.evidence_text``), and each thing it ran or read with the computer's own output in
the mono font, shortened on paper when long (the signed statement keeps all of it). The
computer's own description (kernel release and build) is here too, not on the summary.
Part of layout 2's drawing: change nothing here without a new layout (``pdf_render``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from readiness.evidence_text import evidence_line, label, observed_lines
from readiness.model import result_label
from readiness.signing.pdf_kit import FONT_BOLD, clean

MAX_SHOWN = 1500  # characters of one field on paper; the signed statement keeps them all
MAX_OUTPUT_LINES = 12  # lines of one command's output or file's text on paper
MAX_OUTPUT = 900  # characters of the same
SHORTENED = " … (shortened here; the signed statement has it in full)"
# The statement's description of the computer, by its keys (device.platform).
_PLATFORM = {"system": "System", "release": "Release", "version": "Build",
             "machine": "Processor type"}


def shown(text: str) -> str:
    """A field as printed: very long text is cut, saying so, so one check cannot fill pages
    (nor make a table row taller than a page, which the layout cannot place)."""
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + SHORTENED


def item_title(c: Mapping[str, Any]) -> str:
    return str(c.get("title", c.get("id", "")))


def _output(text: str) -> str:
    """Raw output as printed: at most MAX_OUTPUT_LINES lines and MAX_OUTPUT characters."""
    lines = text.splitlines()
    cut = "\n".join(lines[:MAX_OUTPUT_LINES])
    if len(cut) > MAX_OUTPUT:
        cut = cut[:MAX_OUTPUT]
    return cut if cut == "\n".join(lines) else cut + "\n" + SHORTENED.strip()


def _pairs(pairs: list[tuple[str, str]], st: Mapping[str, ParagraphStyle]) -> Table:
    rows = [[Paragraph(clean(k), st["small"]), Paragraph(clean(shown(v)), st["base"])]
            for k, v in pairs]
    return Table(rows, colWidths=[58 * mm, None], splitInRow=1, style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))


def _evidence(entry: Any, st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    """One thing run or read: a short block (its output is cut), kept on one page."""
    if not isinstance(entry, Mapping):
        return [Paragraph(clean(shown(str(entry)), mono=True), st["mono"])]
    e = evidence_line(entry)
    head = f"<font name='{FONT_BOLD}'>{clean(e.heading)}</font>"
    if e.source:
        head += f": {clean(shown(e.source), mono=True)}"
    out: list[Flowable] = [Paragraph(head, st["evidence"])]
    if e.notes:
        out.append(Paragraph(clean(" ".join(e.notes)), st["note"]))
    if e.output:
        out.append(Paragraph(clean(_output(e.output), mono=True).replace("\n", "<br/>"),
                             st["output"]))
    return out


def _item(c: Mapping[str, Any], attested: bool,
          st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    word = result_label(str(c.get("status", "unknown")), str(c.get("kind", "")),
                        c.get("observed"))
    head = Paragraph(f"<font name='{FONT_BOLD}'>{clean(shown(item_title(c)))}</font>"
                     f"{' (attested)' if attested else ''}: {clean(word)}", st["item"])
    # Blocks each kept on one page: a small heading with what is under it, and the item's
    # title with its first block. Never a KeepTogether inside another: ReportLab then takes
    # the outer one as taller than any page and starts a new page for it every time.
    blocks: list[list[Flowable]] = []
    if c.get("method"):
        blocks.append([Paragraph(
            f"<i>How it was checked:</i> {clean(shown(str(c['method'])))}", st["base"])])
    observed = c.get("observed")
    if isinstance(observed, Mapping) and observed:
        blocks.append([Paragraph("What it found", st["label"]),
                       _pairs(observed_lines(observed), st)])
    evidence = c.get("evidence")
    if isinstance(evidence, list) and evidence:
        runs = [_evidence(entry, st) for entry in evidence]
        blocks.append([Paragraph("What it ran or read", st["label"]), *runs[0]])
        blocks.extend(runs[1:])
    if not blocks:
        blocks.append([Paragraph("Nothing was recorded.", st["base"])])
    return [KeepTogether([head, *blocks[0]]), *(KeepTogether(b) for b in blocks[1:])]


def _styles(st: Mapping[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    base, small, mono = st["base"], st["small"], st["mono"]
    return {**st,
            "appendix": ParagraphStyle("appendix", parent=st["h1"], spaceBefore=16),
            "item": ParagraphStyle("item", parent=base, spaceBefore=8, spaceAfter=2),
            "label": ParagraphStyle("label", parent=small, textColor=colors.HexColor("#5f6368"),
                                    spaceBefore=3, spaceAfter=1),
            "evidence": ParagraphStyle("evidence", parent=small, spaceBefore=3),
            "note": ParagraphStyle("note", parent=small, leftIndent=4 * mm),
            "output": ParagraphStyle("output", parent=mono, fontSize=7, leading=8.5,
                                     leftIndent=4 * mm, textColor=colors.HexColor("#303030"))}


def appendix(pred: Mapping[str, Any], styles: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    """The appendix: the computer, then each check and attested item."""
    st = _styles(styles)
    device = pred.get("device", {})
    platform = device.get("platform", {}) if isinstance(device, Mapping) else {}
    items = sorted(platform.items() if isinstance(platform, Mapping) else (),
                   key=lambda kv: (list(_PLATFORM).index(kv[0]) if kv[0] in _PLATFORM
                                   else len(_PLATFORM), str(kv[0])))
    pairs = [(_PLATFORM.get(str(k), label(str(k))), str(v)) for k, v in items]
    if not pairs:
        pairs = [("Reported as", str(device.get("os", "")) if isinstance(device, Mapping)
                  else "")]
    # On the page the rest ends on when much of it is free, else from a new page.
    story: list[Flowable] = [CondPageBreak(120 * mm), KeepTogether([
        Paragraph("Appendix: the evidence", st["appendix"]),
        Paragraph(clean(
            "What each check found, ran or read, as recorded in the signed statement. "
            "Text in the narrow type is the computer's own output, shown as it came."),
            st["small"]),
        Paragraph("This computer, as it describes itself", st["h2"]),
        _pairs(pairs, st),
    ])]
    for c in pred.get("checks", ()):
        story += _item(c, False, st)
    for c in pred.get("attestations", ()):
        story += _item(c, True, st)
    return story
