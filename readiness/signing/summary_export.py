"""The clinical lead's summary as CSV (every row) and as a one-page PDF (the rows that fit, in
order of need: every row needing attention first, with a line saying how many more there are
and how many of those need attention).
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
from readiness.signing.summary import Row, Summary, needs_attention
from readiness.signing.verify_result import Verification
from readiness.timefmt import local_time
from readiness.visible import visible
from readiness.words import are, plural

PDF_ROWS = 32  # as many as fit on one A4 page with the header and notes
PDF_FILES = 8  # files that did not verify, named in the PDF (each takes a row's place)
FILES_HEADER = ("Did not verify", "Why")
# New columns go at the end: a spreadsheet reading by position keeps working.
HEADER = ("Practitioner", "Registration", "Checklists", "Latest checklist", "Verdict",
          "Days since", "Series", "Failing in the latest", "Overdue", "Replayed",
          "Key fingerprint", "Needs attention")
# Short headings for the PDF's narrow columns (never broken inside a word).
PDF_HEADER = ("Practitioner", "Reg.", "Files", "Latest", "Verdict", "Days", "Series",
              "Failing items", "Overdue")


# Where the rows and files the PDF leaves off can be found, by default (the app's wording;
# the command line says "run with --csv" when it wrote no CSV).
IN_THE_CSV = "in the CSV export"
RUN_WITH_CSV = "not listed here: run with --csv FILE to list them all"  # none written
EXPORT_CSV = "not listed here: export the summary as CSV to list them all"  # the app's


def _cells(row: Row) -> list[str]:
    """A row's cells for the CSV (every column)."""
    return [row.name, row.registration, str(row.checklists), local_time(row.latest_at),
            row.verdict_label, "" if row.days_since is None else str(row.days_since),
            series_words(row),
            "; ".join(row.failing), "OVERDUE" if row.overdue else "no", replayed_words(row),
            row.short_fingerprint, "yes" if needs_attention(row) else "no"]


def _pdf_cells(row: Row, repeated: set[str]) -> list[str]:
    """A row's cells for the PDF's narrower table: the key beside a name shared with
    another practitioner, and a replay said with the verdict."""
    verdict = row.verdict_label
    if row.replayed or row.replayed_checklists:
        verdict += f" ({replayed_words(row)})"
    return [shown_name(row, repeated), row.registration, str(row.checklists),
            local_time(row.latest_at), verdict,
            "" if row.days_since is None else str(row.days_since), series_words(row),
            "; ".join(row.failing), "OVERDUE" if row.overdue else "no"]


def replayed_words(row: Row) -> str:
    """Whether any of the practitioner's checklists had its results replayed from a recorded
    snapshot (another computer's, perhaps) instead of taken on their own computer."""
    earlier = row.replayed_checklists - (1 if row.replayed else 0)
    said = []
    if row.replayed:
        said.append("Latest checklist replayed from a snapshot")
    if earlier > 0:
        said.append(f"{plural(earlier, 'earlier checklist')} replayed from a snapshot")
    return "; ".join(said) or "no"


def repeated_names(rows: list[Row]) -> set[str]:
    """The names (casefolded) that more than one practitioner goes by."""
    seen: set[str] = set()
    twice: set[str] = set()
    for row in rows:
        key = row.name.casefold()
        (twice if key in seen else seen).add(key)
    return twice


def shown_name(row: Row, repeated: set[str]) -> str:
    """The name, with the key's short fingerprint (as Verify shows it) when another
    practitioner goes by the same name."""
    if row.name.casefold() in repeated and row.short_fingerprint:
        return f"{row.name} (key {row.short_fingerprint})"
    return row.name


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


def file_lines(summary: Summary, limit: int | None = None,
               more_where: str = IN_THE_CSV) -> list[str]:
    """``path: why`` for each file that did not verify (the first ``limit``, then a count and
    ``more_where`` the rest are)."""
    shown = summary.not_verified if limit is None else summary.not_verified[:limit]
    lines = [f"{shown_path(summary, v)}: {why(v)}" for v in shown]
    if len(summary.not_verified) > len(shown):
        lines.append(f"... and {len(summary.not_verified) - len(shown)} more "
                     f"({_listed(more_where)}).")
    return lines


def _listed(more_where: str) -> str:
    return f"listed {more_where}" if more_where.startswith("in ") else more_where


def notes(summary: Summary, limit: int | None = None,
          more_where: str = IN_THE_CSV) -> list[str]:
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
        lines += ["  " + line for line in file_lines(summary, limit, more_where)]
    return lines


def to_pdf(summary: Summary, *, title: str = "Readiness: practitioners' checklists",
           folder: str = "", made_at: str = "", more_where: str = IN_THE_CSV) -> bytes:
    """One page: as many rows as fit (long cells wrap), fewer until the page holds them;
    every row needing attention comes first (the core's order), and a line says how many
    were left off, how many of those need attention, and ``more_where`` they are (e.g. "in
    the CSV export")."""
    made = made_at or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    listed = min(len(summary.not_verified), PDF_FILES + 1)
    shown = min(len(summary.rows), PDF_ROWS - 2 * listed)  # each file named takes two rows
    while True:
        pdf = _pdf(summary, shown, title, (folder, made, more_where))
        if shown == 0 or _pages(pdf) <= 1:
            return pdf
        shown = max(0, shown - max(1, shown // 4))


def _pages(pdf: bytes) -> int:
    # reportlab writes one page tree: "<< /Count N /Kids [...] /Type /Pages >>".
    found = re.search(rb"/Count (\d+) /Kids", pdf)
    return int(found.group(1)) if found else 1


def left_off(rows: list[Row], shown: int, more_where: str = IN_THE_CSV) -> str:
    """The sentence for the rows the page left off: how many, how many of them need
    attention, and where they are."""
    rest = rows[shown:]
    need = sum(1 for r in rest if needs_attention(r))
    n = len(rest)
    if not need:
        which = ""
    elif need == n:
        which = ", who needs attention," if n == 1 else ", all of whom need attention,"
    else:
        which = f", {need} of whom {'needs' if need == 1 else 'need'} attention,"
    return f"{plural(n, 'more practitioner')}{which} {are(n)} {_listed(more_where)}."


def _pdf(summary: Summary, rows: int, title: str, where: tuple[str, str, str]) -> bytes:
    folder, made, more_where = where
    st = pdf_kit.styles()
    small = st["small"]
    story: list[Any] = [Paragraph(pdf_kit.clean(title), st["h1"])]
    story.append(Paragraph(pdf_kit.clean(
        f"Made {local_time(made)}" + (f" from the folder {folder}" if folder else "") + "."),
        small))
    story += [Paragraph(pdf_kit.clean(n), small)
              for n in notes(summary, PDF_FILES, more_where)]
    story.append(Spacer(1, 3 * mm))
    shown = summary.rows[:rows]
    data = [[Paragraph(pdf_kit.clean(h), st["bold"]) for h in PDF_HEADER]]
    repeated = repeated_names(summary.rows)
    data += [[Paragraph(pdf_kit.clean(c), small) for c in _pdf_cells(r, repeated)]
             for r in shown]
    widths = [28, 20, 13, 27, 20, 11, 18, 28, 13]  # mm: the 178 mm between A4 margins
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story.append(table)
    if len(summary.rows) > len(shown):
        story.append(Paragraph(pdf_kit.clean(left_off(summary.rows, len(shown), more_where)),
                               small))
    if not summary.rows:
        story.append(Paragraph(pdf_kit.clean("No checklist from a trusted signer was found."),
                               st["base"]))
    return pdf_kit.build(story, title=title, author="Readiness")
