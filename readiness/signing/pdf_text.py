"""Does a signed checklist PDF *show* what its signed statement says?

The PDF signature proves who made the file, not that its pages agree with the statement
attached to it: a practitioner holds their own key, so they can certify pages that say "Ready"
over a statement that says "Not ready". So the verifier redraws the pages from the signed
statement with Readiness's own byte-stable renderer (``pdf_render``) and requires the PDF's
pages to be exactly that drawing: the same number of pages, the same drawing instructions
(decoded content streams), the same fonts and graphics resources, the same page boxes, and no
annotation with an area drawn on top. Comparing the drawing rather than extracted text also
catches text hidden in white or invisible ink, drawn off the page, cropped or clipped away, or
painted over with a box, an image or an annotation. Only when they differ is the text of both
read (pypdf), to say in plain English what the pages say that the statement does not.

One line on the pages is not signed: the "Time" row (which trusted timestamp, or the signer's
own clock), written after the statement was signed. The renderer wraps it in marked content
that carries the line and the layout number; the verifier reads it back, accepts it only in
the shapes signing writes, and redraws with it.

What this cannot prove:

- The Time row is checked for its shape, and a "trusted timestamp" row only when the verifier
  checked a timestamp token of exactly that time; the service name in it is not checked. The
  verifier's own report of the time (from the timestamps it checked) is the one to rely on.
- Only the pages are compared. Of what lies outside them it refuses what could replace or
  cover them (scripts and open actions, XFA forms, portfolios); it does not look at bookmarks,
  page labels, document properties, attachment descriptions, or a structure tree's alternate
  text, which some readers show or read aloud.
- A reader that parses a damaged or ambiguous file differently from pyHanko could show other
  pages; the signature check already refuses files changed after signing.
- The pages are only as faithful as the renderer: characters the bundled fonts lack (emoji,
  CJK) show as U+FFFD "�" on the pages, with a note saying so, while the statement keeps the
  exact text; the redrawing does the same, so such pages still match.
- The drawing depends on ReportLab and the font files in ``assets/fonts``: a change to either
  that alters one drawing instruction needs a new layout number, with the old drawing kept
  (tests/signing/test_golden.py holds a checklist signed with each layout).
- Pages are redrawn with the layout their mark names, among those this version keeps
  (``pdf_render.LAYOUTS``: every layout Readiness has signed with, each drawn exactly as it
  was). A checklist naming another layout (a newer version's), or drawn before the layout
  mark existed, fails and says so.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
from collections.abc import Sequence
from typing import Any

from readiness.signing import jcs, pdf_render
from readiness.signing.pdf_pages import (
    MAX_PAGES,
    Page,
    Unreadable,
    drawing_problems,
    read_pages,
)

_STATEMENT_BYTES_PER_PAGE = 30_000  # a real checklist: ~4 KB of statement a page
_MARK = re.compile(
    rb"/" + pdf_render.MARK_TAG.encode() + rb"\s*<<\s*/Layout\s+(\d{1,6})\s*"
    rb"/Time\s*<([0-9A-Fa-f]{0,4000})>\s*>>\s*BDC"
)
# The shapes of the unsigned Time line that signing writes (readiness.signing.checklist).
_TIME_NOTES = (
    re.compile(r"the computer's own clock \(no trusted timestamp\)"
               r"(; a trusted timestamp is queued)?"),
    re.compile(r"trusted timestamp from [^\x00-\x1f\x7f]{0,400}: "
               r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"),
)
# A token whose authority has no name: signing wrote the service's address instead.
_URL_NOTE = re.compile(r"trusted timestamp from https?://[A-Za-z0-9./:_-]{1,200}: \S+")
_FOOTER = re.compile(r"^Pre-session device checklist - page \d+$")
_SHOWN_DIFFERENCES = 3
_CONTEXT_WORDS = 3


def _mark(pages: list[Page]) -> tuple[int, str] | None:
    """The layout number and the Time line the renderer marked on the pages."""
    for page in pages:
        found = _MARK.search(page.contents)
        if found is not None:
            try:
                return int(found[1]), bytes.fromhex(found[2].decode()).decode("utf-8")
            except ValueError:
                return None
    return None


@functools.lru_cache(maxsize=32)
def _redrawn(payload: bytes, note: str, layout: int) -> tuple[bytes, tuple[Page, ...]]:
    """The pages Readiness draws with ``layout`` for the signed statement ``payload``
    (canonical JSON)."""
    import json

    pdf = pdf_render.render_checklist(
        json.loads(payload), statement_sha256=hashlib.sha256(payload).hexdigest(),
        timestamp_note=note, layout=layout,
    )
    pages, _ = read_pages(pdf)
    return pdf, tuple(pages)


def _words(pdf: bytes) -> list[str] | None:
    """The text of the pages as a reader would copy it, footers dropped; None if unreadable."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        lines = [line for page in reader.pages[:MAX_PAGES]
                 for line in (page.extract_text() or "").splitlines()]
    except Exception:
        return None
    return " ".join(line for line in lines if not _FOOTER.match(line.strip())).split()


def _quote(words: list[str]) -> str:
    """Words from the file, quoted for a terminal: long runs cut, control characters (which
    could drive the terminal or reorder the text) shown as "?"."""
    if len(words) > 24:
        words = [*words[:10], "…", *words[-10:]]
    text = " ".join(words)[:400]
    return "“" + "".join(ch if ch.isprintable() else "?" for ch in text) + "”"


_MAX_DIFF_WORDS = 2_000  # difflib is quadratic on repeated words: only a short middle


def _text_differences(said: list[str], signed: list[str]) -> list[str]:
    # Trim what agrees at both ends first (linear), so a hostile file of repeated words
    # cannot make the comparison run for minutes.
    start = 0
    while start < min(len(said), len(signed)) and said[start] == signed[start]:
        start += 1
    end = 0
    while end < min(len(said), len(signed)) - start and said[-1 - end] == signed[-1 - end]:
        end += 1
    mid_said, mid_signed = said[start:len(said) - end], signed[start:len(signed) - end]
    if max(len(mid_said), len(mid_signed)) > _MAX_DIFF_WORDS:
        ops = [("replace", start, len(signed) - end, start, len(said) - end)]
    else:
        ops = [(tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2
               in difflib.SequenceMatcher(None, mid_signed, mid_said,
                                          autojunk=False).get_opcodes() if tag != "equal"]
    out = []
    for _tag, i1, i2, j1, j2 in ops[:_SHOWN_DIFFERENCES]:
        before = signed[max(0, i1 - _CONTEXT_WORDS):i1]
        after = signed[i2:i2 + _CONTEXT_WORDS]
        out.append(f"the PDF's pages say {_quote([*before, *said[j1:j2], *after])} but the "
                   f"signed statement says {_quote([*before, *signed[i1:i2], *after])}")
    if len(ops) > _SHOWN_DIFFERENCES:
        out.append(f"the PDF's pages differ from the signed statement in "
                   f"{len(ops) - _SHOWN_DIFFERENCES} more places")
    return out


def _differences(pdf: bytes, pages: list[Page], expected_pdf: bytes,
                 expected: tuple[Page, ...]) -> list[str]:
    """Plain English for how the pages differ from the redrawing: the text first, since that
    is what a reader sees; then the page count; then the drawing itself."""
    said, signed = _words(pdf), _words(expected_pdf)
    if said is not None and signed is not None and said != signed:
        return _text_differences(said, signed)
    return drawing_problems(pages, expected) or [
        "the PDF's pages are not drawn as Readiness draws the signed statement"]


def page_text_problems(pdf: bytes, statement: dict[str, Any],
                       trusted_notes: Sequence[str] = (), *,
                       url_notes_at: Sequence[str] = ()) -> list[str]:
    """Problems (plain English) where the PDF's visible pages disagree with ``statement``;
    empty when they agree."""
    try:
        pages, problems = read_pages(pdf)
    except Unreadable as exc:
        return [f"{exc}, so they cannot be compared with the signed statement"]
    for number, page in enumerate(pages, 1):
        problems.extend(f"page {number} has a {kind} drawn over it" for kind in page.overlays)
    marked = _mark(pages)
    if marked is None:
        return [*problems, "the PDF's pages were not drawn by Readiness for this statement "
                           "(they lack its layout mark)"]
    layout, note = marked
    if layout not in pdf_render.LAYOUTS:
        known = ", ".join(str(n) for n in sorted(pdf_render.LAYOUTS))
        return [*problems, f"the PDF's pages use checklist layout {layout}, which this version "
                           f"of Readiness cannot redraw (it knows layouts {known}); check it "
                           "with the version of Readiness that signed it"]
    if not any(shape.fullmatch(note) for shape in _TIME_NOTES):
        problems.append(f"the PDF's pages show a time line Readiness never writes: "
                        f"{_quote(note.split())}")
    elif note.startswith("trusted timestamp") and note not in trusted_notes and not any(
            _URL_NOTE.fullmatch(note) and note.endswith(f": {t}") for t in url_notes_at):
        # The Time line is not signed: a "trusted timestamp" line must be exactly the one
        # signing writes for a timestamp token the file carries (its authority and time).
        problems.append(f"the PDF's pages claim a trusted timestamp ({_quote(note.split())}) "
                        "that the file's timestamps do not show")
    payload = jcs.canonical(statement)
    if len(payload) > _STATEMENT_BYTES_PER_PAGE * (len(pages) + 1):
        # Far more than these pages could show: refused before an expensive redraw.
        return [*problems, f"the signed statement is far longer than the PDF's {len(pages)} "
                           "page(s) could show"]
    try:
        expected_pdf, expected = _redrawn(payload, note, layout)
    except Exception:
        return [*problems, "the signed statement cannot be drawn to compare it with the pages"]
    if tuple(pages) != expected:
        problems.extend(_differences(pdf, pages, expected_pdf, expected))
    return problems
