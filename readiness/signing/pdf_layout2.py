"""Checklist layout 2: a first page a supervisor reads in 30 seconds, every check in sentences,
and the raw evidence in an appendix with readable labels (``pdf_appendix``).

Page 1 is the summary: who, the verdict and the counts (in the app's and the command line's
words, ``model.result_label``), when the checks ran and were signed, where the time comes
from (the marked, unsigned time line), what needs fixing, what could not be checked, and what
was attested. Then each check in detail (what it found in a sentence, what was expected, the
fact-sheet sections), the declaration, the signature details, what a signature proves, how to
check it, and the appendix. A heading is always kept on the page of what follows it.

Times are printed in UTC and say so ("21 November 2026, 15:00 UTC"): the pages are redrawn by
the verifier, possibly on another machine in another time zone, and the statement records UTC
only, so a local time could not be redrawn the same. Words come from fixed tables
(``readiness.evidence_text``), never from the machine's locale, for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from readiness.evidence_text import utc_time
from readiness.model import NOT_ANSWERED, RESULT_LABELS, result_label
from readiness.signing.pdf_appendix import appendix, item_title, shown
from readiness.signing.pdf_kit import (
    FONT_BOLD,
    NOT_ANSWERED_ICON,
    REPLACEMENT_NOTE,
    STATUS_COLOUR,
    VERDICT_STATUS,
    VERDICT_WORD,
    MarkedParagraph,
    StatusIcon,
    build,
    clean,
    noting_replacements,
    styles,
)

LAYOUT = 2
_LINE = colors.HexColor("#d0d0d0")
_GREY = colors.HexColor("#5f6368")

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
    "claim. Checks marked Unknown could not be decided, and questions marked Not answered yet "
    "were not answered: neither is a pass."
)
HOW_TO_CHECK = (
    "This PDF is certified with the signing key; a PDF reader shows the signature (trust the "
    "certificate once after comparing its SHA-256 fingerprint with the key card). Inside are "
    "the signed statement (statement.json), the signature bundle (checklist.readiness.json) "
    "and an OpenSSH signature (statement.json.sig). Check them with Readiness (Verify), or "
    "with OpenSSH's ssh-keygen -Y verify and the allowed signers line on the key card."
)


def _word(c: Mapping[str, Any]) -> str:
    return result_label(str(c.get("status", "unknown")), str(c.get("kind", "")),
                        c.get("observed"))


def _icon_status(c: Mapping[str, Any]) -> str:
    return NOT_ANSWERED_ICON if _word(c) == NOT_ANSWERED else str(c.get("status", "unknown"))


def _word_cell(c: Mapping[str, Any], st: Mapping[str, ParagraphStyle]) -> Paragraph:
    colour = STATUS_COLOUR.get(_icon_status(c), _GREY).hexval()
    return Paragraph(f"<font color='{colour}' name='{FONT_BOLD}'>{clean(_word(c))}</font>",
                     st["base"])


def _row(c: Mapping[str, Any], lines: Sequence[str], st: Mapping[str, ParagraphStyle]) -> Table:
    """One result: icon, word, then its text; a row taller than a page continues on the next."""
    t = Table([[StatusIcon(_icon_status(c)), _word_cell(c, st),
                Paragraph("<br/>".join(lines), st["base"])]],
              colWidths=[7 * mm, 27 * mm, None], splitInRow=1)
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, _LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


def _bold(text: str) -> str:
    return f"<font name='{FONT_BOLD}'>{clean(shown(text))}</font>"


_CODE_CLAUSE = re.compile(r"(.+?): [a-z0-9]+(?:_[a-z0-9]+)+ \((.+)\)")


def reference_text(ref: str) -> str:
    """A fact-sheet or framework reference as read: a clause known by its code
    (``Cyber Essentials: security_update_management (Security update management)``) by its
    title alone (``Cyber Essentials: Security update management``)."""
    m = _CODE_CLAUSE.fullmatch(ref)
    return f"{m[1]}: {m[2]}" if m else ref


def _detail_lines(c: Mapping[str, Any], attested: bool) -> list[str]:
    title = item_title(c) + (" (attested)" if attested else "")
    lines = [_bold(title), clean(shown(str(c.get("summary", ""))))]
    if c.get("expected"):
        lines.append(f"<i>Expected:</i> {clean(shown(str(c['expected'])))}")
    refs = [reference_text(str(r)) for r in c.get("references", ()) if str(r)]
    if refs:
        lines.append(f"<i>Fact sheet:</i> {clean(shown('; '.join(refs)))}")
    return lines


def _section(heading: str, rows: Sequence[Flowable], st: Mapping[str, ParagraphStyle],
             intro: str = "") -> list[Flowable]:
    """A heading kept on the same page as the first thing under it."""
    first: list[Flowable] = [Paragraph(clean(heading), st["h2"])]
    if intro:
        first.append(Paragraph(clean(intro), st["small"]))
    return [KeepTogether([*first, *rows[:1]]), *rows[1:]]


def _counts_text(items: Sequence[Mapping[str, Any]]) -> str:
    # Counted from the rows shown, in the app's words and order (Not answered yet included).
    counts: dict[str, int] = {}
    for c in items:
        counts[_word(c)] = counts.get(_word(c), 0) + 1
    order = [*RESULT_LABELS, *sorted(w for w in counts if w not in RESULT_LABELS)]
    return ", ".join(f"{w}: {counts[w]}" for w in order if counts.get(w))


def os_name(pred: Mapping[str, Any]) -> str:
    """The operating system by its name (``Debian GNU/Linux 12 (bookworm)``), not the kernel
    build string; that stays in the appendix."""
    for c in pred.get("checks", ()):
        observed = c.get("observed")
        if isinstance(observed, Mapping) and isinstance(observed.get("pretty_name"), str):
            return str(observed["pretty_name"])
    platform = pred.get("device", {}).get("platform", {})
    system = str(platform.get("system", "")) if isinstance(platform, Mapping) else ""
    if system == "Darwin":
        return "macOS"
    if system == "Windows":
        return f"Windows {platform.get('release', '')}".strip()
    return system or str(pred.get("device", {}).get("os", "")) or "an unnamed system"


def time_line(note: str) -> str:
    """The unsigned time line as printed: its time (if any) in words."""
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lambda m: utc_time(m[0]), note)


def _when(pred: Mapping[str, Any], note: str, st: Mapping[str, ParagraphStyle]) -> Table:
    practitioner = pred.get("practitioner", {})
    who = str(practitioner.get("name", ""))
    if practitioner.get("registration"):
        who += f", registration {practitioner['registration']}"
    rows: list[list[Any]] = [[Paragraph(clean(k), st["small"]), Paragraph(clean(v), st["base"])]
                             for k, v in (
        ("Signed by", who),
        ("Signed", f"{utc_time(str(pred.get('signedAt', '')))}, by the computer's clock"),
        ("Checks run", f"{utc_time(str(pred.get('generatedAt', '')))} on {os_name(pred)}"),
        ("Checklist", f"number {int(pred.get('sequence', 0))} in this practitioner's series"),
    )]
    rows.append([Paragraph("Time comes from", st["small"]),
                 MarkedParagraph(clean(time_line(note) or "(none)"), st["base"], note, LAYOUT)])
    return Table(rows, colWidths=[32 * mm, None], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))


def _verdict(pred: Mapping[str, Any], st: Mapping[str, ParagraphStyle]) -> Table:
    verdict = str(pred.get("verdict", ""))
    vstatus = VERDICT_STATUS.get(verdict, "unknown")
    t = Table([[StatusIcon(vstatus, 7 * mm), Paragraph(
        f"Verdict: <font color='{STATUS_COLOUR[vstatus].hexval()}'>"
        f"{clean(VERDICT_WORD.get(verdict, verdict))}</font>", st["verdict"])]],
        colWidths=[10 * mm, None])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return t


def _summary(pred: Mapping[str, Any], note: str,
             st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    checks, atts = list(pred.get("checks", ())), list(pred.get("attestations", ()))
    items = [*checks, *atts]
    story: list[Flowable] = [Paragraph("Pre-session device checklist", st["h1"])]
    story.append(_verdict(pred, st))
    story.append(Paragraph(clean(_counts_text(items)), st["small"]))
    if pred.get("source") == "replayed-snapshot":
        story.append(Paragraph(
            "<font color='#b3261e'><b>These results were replayed from a recorded snapshot, "
            "not taken from this computer.</b></font>", st["base"]))
    story.append(_when(pred, note, st))

    def brief(c: Mapping[str, Any]) -> Table:
        suffix = " (attested)" if any(c is a for a in atts) else ""
        return _row(c, [_bold(item_title(c) + suffix), clean(shown(str(c.get("summary", ""))))],
                    st)

    fixing = [c for s in ("fail", "warn") for c in items if c.get("status") == s]
    story += _section("What needs fixing", [brief(c) for c in fixing] or [Paragraph(
        "Nothing: no check failed or gave a warning.", st["base"])], st)
    unknown = [c for c in items if c.get("status") not in ("pass", "warn", "fail",
                                                          "not_applicable")
               and _word(c) != NOT_ANSWERED]
    if unknown:
        story += _section("Could not be checked", [brief(c) for c in unknown], st,
                          "Not decided either way: these are not passes.")
    if atts:
        # Unanswered questions share one row: the page stays a summary.
        waiting = [c for c in atts if _word(c) == NOT_ANSWERED]
        rows = [_row(c, [_bold(item_title(c))], st) for c in atts if _word(c) != NOT_ANSWERED]
        if waiting:
            rows.append(_row(waiting[0], [clean(shown(item_title(c))) for c in waiting], st))
        story += _section("What the practitioner attested", rows, st,
                          "Their own statements: the computer cannot see these and did not "
                          "verify them.")
    return story


def _signature_details(pred: Mapping[str, Any], statement_sha256: str,
                       st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    link = pred.get("previous")
    previous: Mapping[str, Any] = link if isinstance(link, Mapping) else {}
    cat, tool = pred.get("catalogue", {}), pred.get("tool", {})
    details = [
        ("Signing key fingerprint", str(pred.get("practitioner", {}).get("keyFingerprint", ""))),
        ("Statement SHA-256", statement_sha256),
        ("Report number", str(pred.get("reportId", ""))),
        ("Previous report SHA-256", str(previous.get("sha256", "")) or "(first report)"),
        ("Readiness version", str(tool.get("version", ""))),
        ("Catalogue version", str(cat.get("version", ""))),
        ("Catalogue SHA-256", str(cat.get("digest", {}).get("sha256", ""))),
    ]
    rows = [[Paragraph(clean(k), st["small"]),
             Paragraph(clean(v or "(none)", mono=True), st["mono"])] for k, v in details]
    return _section("Signature details", [Table(
        rows, colWidths=[42 * mm, None],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))], st)


def _story(pred: Mapping[str, Any], statement_sha256: str, note: str,
           st: Mapping[str, ParagraphStyle]) -> list[Flowable]:
    story = [*_summary(pred, note, st), PageBreak()]
    checks = pred.get("checks", [])
    if checks:
        story += _section("Checks made by the computer",
                          [_row(c, _detail_lines(c, False), st) for c in checks], st)
    atts = pred.get("attestations", [])
    if atts:
        story += _section("Attested by the practitioner",
                          [_row(c, _detail_lines(c, True), st) for c in atts], st,
                          "These are the practitioner's own statements. The computer cannot "
                          "see them and did not verify them.")
    if pred.get("declaration"):
        story += _section("Declaration", [Paragraph(clean(str(pred["declaration"])),
                                                    st["base"])], st)
    story += _signature_details(pred, statement_sha256, st)
    story += _section("What this proves, and what it does not", [
        Paragraph(clean(PROVES), st["base"]), Paragraph(clean(DOES_NOT_PROVE), st["base"])], st)
    story += _section("How to check it", [Paragraph(clean(HOW_TO_CHECK), st["base"])], st)
    return [*story, *appendix(pred, st)]


def render(signed: Mapping[str, Any], *, statement_sha256: str, timestamp_note: str) -> bytes:
    """Layout 2 of the checklist for ``signed``, a statement in its canonical form."""
    st = styles()
    pred = signed["predicate"]
    with noting_replacements() as replaced:
        story = _story(pred, statement_sha256, timestamp_note, st)
    if replaced:
        # Known only once everything is drawn; placed under the title, so a reader meets it
        # before any replaced character.
        story.insert(1, Paragraph(clean(
            f"{REPLACEMENT_NOTE} The signed statement inside this file keeps the exact text."),
            st["small"]))
    return build(story, title="Pre-session device checklist",
                 author=str(pred.get("practitioner", {}).get("name", "")))
