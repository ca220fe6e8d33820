"""The clinical lead's summary as CSV (every row) and as a one-page PDF (the rows that fit, in
order of need: overdue and not-ready first, with a line saying how many more are in the CSV).
Both list the files that did not verify, with the reason (the PDF as many as fit): a summary
must never look clean while a checklist in its folder failed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from readiness.csv_safe import safe_cell
from readiness.signing import pdf_kit
from readiness.signing.summary import Row, Summary
from readiness.signing.verify_result import Verification
from readiness.timefmt import local_time
from readiness.visible import visible
from readiness.words import are, plural

PDF_ROWS = 32  # as many as fit on one A4 page with the header and notes
PDF_FILES = 8  # files that did not verify, named in the PDF (each takes a row's place)
FILES_HEADER = ("Did not verify", "Why")
HEADER = ("Practitioner", "Registration", "Checklists", "Latest checklist", "Verdict",
          "Days since", "Series", "Failing in the latest", "Overdue")
# Short headings for the PDF's narrow columns (never broken inside a word).
PDF_HEADER = ("Practitioner", "Reg.", "Files", "Latest", "Verdict", "Days", "Series",
              "Failing items", "Overdue")


def _cells(row: Row) -> list[str]:
    return [row.name, row.registration, str(row.checklists), local_time(row.latest_at),
            row.verdict_label, "" if row.days_since is None else str(row.days_since),
            series_words(row),
            "; ".join(row.failing), "OVERDUE" if row.overdue else "no"]


def series_words(row: Row) -> str:
    """Whether the practitioner's series in this folder has no gaps, said carefully: only
    the files found here are known."""
    if row.failed_nearby:
        return f"Gap: {plural(row.failed_nearby, 'file')} did not verify"
    if row.dated_ahead:
        return "Latest dated after today: the signer's clock was wrong"
    if row.starts_at != 1:
        return f"Starts at #{row.starts_at}: earlier checklists not found"
    return "No gaps found"


def _safe(text: str) -> str:
    return safe_cell(text)


def to_csv_bytes(summary: Summary) -> bytes:
    """The CSV file's bytes: UTF-8 with a byte-order mark, so spreadsheet programs read names
    such as Zoë correctly."""
    return to_csv(summary).encode("utf-8-sig")


def to_csv(summary: Summary) -> str:
    out = io.StringIO()
    # Every cell quoted: a carriage return inside a value cannot start a new row.
    w = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(HEADER)
    for row in summary.rows:
        w.writerow([_safe(c) for c in _cells(row)])
    if summary.not_verified:
        # A second table below a blank line: every file that did not verify, and why.
        w.writerow([])
        w.writerow(FILES_HEADER)
        for v in summary.not_verified:
            w.writerow([_safe(shown_path(summary, v)), _safe(why(v))])
    return out.getvalue()


def shown_path(summary: Summary, v: Verification) -> str:
    """The file's path from the summarised folder (all of it when outside), made visible."""
    try:
        text = str(v.path.relative_to(summary.root)) if summary.root else str(v.path)
    except ValueError:
        text = str(v.path)
    return visible(text)


def why(v: Verification) -> str:
    return visible("; ".join(v.problems) or "it did not verify")


def file_lines(summary: Summary, limit: int | None = None) -> list[str]:
    """``path: why`` for each file that did not verify (the first ``limit``, then a count)."""
    shown = summary.not_verified if limit is None else summary.not_verified[:limit]
    lines = [f"{shown_path(summary, v)}: {why(v)}" for v in shown]
    if len(summary.not_verified) > len(shown):
        lines.append(f"... and {len(summary.not_verified) - len(shown)} more (listed in the "
                     "CSV export).")
    return lines


def notes(summary: Summary, limit: int | None = None) -> list[str]:
    """The lines under the table: what counts, then each file that did not verify and why
    (the first ``limit`` of them)."""
    lines = [f"Self-audit interval: {summary.interval_days} days. Only checklists that verify "
             "against the trusted signers are counted."]
    copies = summary.same_checklist_copies
    if copies:
        lines.append(f"{plural(copies, 'file')} {are(copies)} "
                     "further copies of checklists already counted (a PDF and its bundle, or "
                     "the same checklist in another folder); each checklist counts once.")
    if summary.not_verified:
        lines.append(f"{plural(len(summary.not_verified), 'file')} did not verify and "
                     f"{are(len(summary.not_verified))} not counted:")
        lines += ["  " + line for line in file_lines(summary, limit)]
    return lines


def to_pdf(summary: Summary, *, title: str = "Readiness: practitioners' checklists",
           folder: str = "", made_at: str = "") -> bytes:
    """One page: as many rows as fit (long cells wrap), fewer until the page holds them."""
    made = made_at or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    listed = min(len(summary.not_verified), PDF_FILES + 1)
    shown = min(len(summary.rows), PDF_ROWS - 2 * listed)  # each file named takes two rows
    while True:
        pdf = _pdf(summary, shown, title, folder, made)
        if shown == 0 or _pages(pdf) <= 1:
            return pdf
        shown = max(0, shown - max(1, shown // 4))


def _pages(pdf: bytes) -> int:
    # reportlab writes one page tree: "<< /Count N /Kids [...] /Type /Pages >>".
    found = re.search(rb"/Count (\d+) /Kids", pdf)
    return int(found.group(1)) if found else 1


def _pdf(summary: Summary, rows: int, title: str, folder: str, made: str) -> bytes:
    st = pdf_kit.styles()
    small = st["small"]
    story: list[Any] = [Paragraph(pdf_kit.clean(title), st["h1"])]
    story.append(Paragraph(pdf_kit.clean(
        f"Made {local_time(made)}" + (f" from the folder {folder}" if folder else "") + "."),
        small))
    story += [Paragraph(pdf_kit.clean(n), small) for n in notes(summary, PDF_FILES)]
    story.append(Spacer(1, 3 * mm))
    shown = summary.rows[:rows]
    data = [[Paragraph(pdf_kit.clean(h), st["bold"]) for h in PDF_HEADER]]
    data += [[Paragraph(pdf_kit.clean(c), small) for c in _cells(r)] for r in shown]
    widths = [28, 20, 13, 27, 20, 11, 18, 28, 13]  # mm: the 178 mm between A4 margins
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story.append(table)
    if len(summary.rows) > len(shown):
        story.append(Paragraph(pdf_kit.clean(
            f"{len(summary.rows) - len(shown)} more practitioners are in the CSV export."),
            small))
    if not summary.rows:
        story.append(Paragraph(pdf_kit.clean("No checklist from a trusted signer was found."),
                               st["base"]))
    return pdf_kit.build(story, title=title, author="Readiness")
