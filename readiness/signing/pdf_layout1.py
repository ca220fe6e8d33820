"""Checklist layout 1, frozen: the drawing of every checklist signed before layout 2.

Kept exactly as it was drawn (raw observed values, "What was found: key: value; ..."), so
the verifier can still redraw and compare checklists signed with layout 1 (``pdf_text``,
tests/signing/fixtures/golden/layout-1). Never change anything here, nor what it uses from
``pdf_kit``: a new drawing is a new layout (``pdf_render``, ``pdf_layout2``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from readiness.signing.pdf_kit import (
    FONT_BOLD,
    REPLACEMENT_NOTE,
    STATUS_COLOUR,
    STATUS_WORD,
    VERDICT_STATUS,
    VERDICT_WORD,
    MarkedParagraph,
    StatusIcon,
    build,
    clean,
    noting_replacements,
    styles,
)

LAYOUT = 1


def _observed_text(observed: Mapping[str, Any]) -> str:
    parts = []
    for k, v in observed.items():
        if v is None:
            v = "none"
        parts.append(f"{k}: {v}")
    return "; ".join(parts)


MAX_SHOWN = 1500  # characters of one field on paper; the signed statement keeps them all


def _shown(text: str) -> str:
    """A field as printed: very long text is cut, saying so, so one check cannot fill pages
    (nor make a table row taller than a page, which the layout cannot place)."""
    if len(text) <= MAX_SHOWN:
        return text
    return text[:MAX_SHOWN] + " … (shortened here; the signed statement has it in full)"


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
            f"<font name='{FONT_BOLD}'>{clean(_shown(title))}</font>",
            clean(_shown(str(c.get("summary", "")))),
        ]
        observed = c.get("observed") or {}
        if isinstance(observed, Mapping) and observed:
            lines.append(f"<i>What was found:</i> {clean(_shown(_observed_text(observed)))}")
        if c.get("expected"):
            lines.append(f"<i>Expected:</i> {clean(_shown(str(c['expected'])))}")
        if c.get("method"):
            lines.append(f"<i>How it was checked:</i> {clean(_shown(str(c['method'])))}")
        refs = [str(r) for r in c.get("references", ()) if str(r)]
        if refs:
            lines.append(f"<i>Fact sheet / framework:</i> {clean(_shown(', '.join(refs)))}")
        word_par = Paragraph(
            f"<font color='{STATUS_COLOUR.get(status, colors.grey).hexval()}' "
            f"name='{FONT_BOLD}'>{clean(word)}</font>",
            st["base"],
        )
        rows.append([StatusIcon(status), word_par, Paragraph("<br/>".join(lines), st["base"])])
    return rows


def _check_table(rows: list[list[Any]]) -> Table:
    # splitInRow: a row taller than what is left of a page continues on the next one.
    t = Table(rows, colWidths=[7 * mm, 24 * mm, None], repeatRows=0, splitInRow=1)
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
HOW_TO_CHECK = (
    "This PDF is certified with the signing key; a PDF reader shows the signature (trust the "
    "certificate once after comparing its SHA-256 fingerprint with the key card). Inside are "
    "the signed statement (statement.json), the signature bundle (checklist.readiness.json) "
    "and an OpenSSH signature (statement.json.sig). Check them with 'readiness verify', or "
    "with 'ssh-keygen -Y verify' and the allowed_signers line from the key card."
)


def _counts_text(counts: Mapping[str, Any]) -> str:
    # Status order, not the statement's (sorted) key order: it reads as a summary.
    order = [*STATUS_WORD, *sorted(k for k in counts if k not in STATUS_WORD)]
    return ", ".join(f"{STATUS_WORD.get(k, k)}: {counts[k]}" for k in order if counts.get(k))


def _opening(pred: Mapping[str, Any], st: Mapping[str, ParagraphStyle]) -> list[Any]:
    practitioner = pred.get("practitioner", {})
    verdict = str(pred.get("verdict", ""))
    story: list[Any] = [Paragraph("Pre-session device checklist", st["h1"])]
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
        story.append(Paragraph(clean(_counts_text(counts)), st["small"]))
    return story


def _details(pred: Mapping[str, Any], statement_sha256: str, timestamp_note: str,
             st: Mapping[str, ParagraphStyle]) -> KeepTogether:
    link = pred.get("previous")
    previous: Mapping[str, Any] = link if isinstance(link, Mapping) else {}
    cat = pred.get("catalogue", {})
    tool = pred.get("tool", {})
    details = [
        ("Signing key fingerprint", str(pred.get("practitioner", {}).get("keyFingerprint", ""))),
        ("Statement SHA-256", statement_sha256),
        ("Report id", str(pred.get("reportId", ""))),
        ("Sequence", str(pred.get("sequence", ""))),
        ("Previous report SHA-256", str(previous.get("sha256", "")) or "(first report)"),
        ("Tool version", str(tool.get("version", ""))),
        ("Catalogue",
         f"{cat.get('version', '')} (sha256 {cat.get('digest', {}).get('sha256', '')})"),
    ]
    rows: list[list[Any]] = [
        [Paragraph(clean(k), st["small"]),
         Paragraph(clean(v or "(none)", mono=True), st["mono"])]
        for k, v in details
    ]
    rows.append([Paragraph("Time", st["small"]),
                 MarkedParagraph(clean(timestamp_note or "(none)", mono=True), st["mono"],
                                 timestamp_note, LAYOUT)])
    return KeepTogether([
        Paragraph("Signature details", st["h2"]),
        Table(rows, colWidths=[38 * mm, None],
              style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])),
    ])


def _story(pred: Mapping[str, Any], statement_sha256: str, timestamp_note: str,
           st: Mapping[str, ParagraphStyle]) -> list[Any]:
    story = _opening(pred, st)
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
    story.append(_details(pred, statement_sha256, timestamp_note, st))
    story.append(KeepTogether([
        Paragraph("What this proves, and what it does not", st["h2"]),
        Paragraph(clean(PROVES), st["base"]),
        Spacer(1, 2 * mm),
        Paragraph(clean(DOES_NOT_PROVE), st["base"]),
    ]))
    story.append(KeepTogether([
        Paragraph("How to check it", st["h2"]),
        Paragraph(clean(HOW_TO_CHECK), st["base"]),
    ]))
    return story


def render(signed: Mapping[str, Any], *, statement_sha256: str, timestamp_note: str) -> bytes:
    """Layout 1 of the checklist for ``signed``, a statement in its canonical form."""
    st = styles()
    pred = signed["predicate"]
    with noting_replacements() as replaced:
        story = _story(pred, statement_sha256, timestamp_note, st)
    if replaced:
        # Known only once everything is drawn; placed under _opening's title, name and date
        # lines, so a reader meets it before any replaced character.
        story.insert(3, Paragraph(clean(
            f"{REPLACEMENT_NOTE} The signed statement inside this file keeps the exact text."),
            st["small"]))
    return build(story, title="Pre-session device checklist",
                 author=str(pred.get("practitioner", {}).get("name", "")))
