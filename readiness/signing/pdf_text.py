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

- The Time row is checked for its shape only: it may name a timestamp service and time that
  never happened. The verifier's own report of the time (from the timestamps it checked) is
  the one to rely on.
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
- Pages can be redrawn only for the layout this version draws (``pdf_render.LAYOUT``): a
  checklist drawn with another layout, or before the layout mark existed, fails and says so.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from readiness.signing import jcs, pdf_render

MAX_PAGES = 200
_STATEMENT_BYTES_PER_PAGE = 30_000  # a real checklist: ~4 KB of statement a page
_MAX_NODES = 200_000  # PDF objects looked at per document: a hostile file cannot loop forever
_MAX_DEPTH = 32
# Page attributes a page inherits from its ancestors in the page tree.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_NOT_DRAWN = ("/Parent", "/Annots", "/Contents")
# Stream keys that only say how the bytes are stored, not what they are.
_STORAGE = ("/Length", "/Filter", "/DecodeParms", "/DL")

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
_FOOTER = re.compile(r"^Pre-session device checklist - page \d+$")
_SHOWN_DIFFERENCES = 3
_CONTEXT_WORDS = 3


class _Unreadable(Exception):
    """The pages cannot be read for comparison (damaged, or built to exhaust the reader)."""


@dataclass(frozen=True)
class _Page:
    contents: bytes  # the decoded drawing instructions
    attributes: tuple[Any, ...]  # every other page entry (resources, boxes...), inherited too
    # Annotations with an area, which a reader draws over the page: reported on their own.
    overlays: tuple[str, ...] = field(default=(), compare=False)


class _Canon:
    """A comparable form of a PDF object: indirect references resolved, streams decoded,
    storage details dropped. Shared objects are read once (memo); cycles hit the depth cap."""

    def __init__(self) -> None:
        self.memo: dict[tuple[int, int], Any] = {}
        self.nodes = 0

    def __call__(self, obj: Any, depth: int = 0) -> Any:
        from pyhanko.pdf_utils import generic

        self.nodes += 1
        if self.nodes > _MAX_NODES or depth > _MAX_DEPTH:
            raise _Unreadable("the PDF's pages are too large or too deeply nested to read")
        if isinstance(obj, generic.IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref not in self.memo:
                self.memo[ref] = self(_deref(obj), depth + 1)
            return self.memo[ref]
        if isinstance(obj, generic.StreamObject):
            return ("stream", self._entries(obj, depth, _STORAGE), _decoded(obj))
        if isinstance(obj, generic.DictionaryObject):
            return ("dict", self._entries(obj, depth, ()))
        if isinstance(obj, generic.ArrayObject):
            return ("array", tuple(self(v, depth + 1) for v in _items(obj)))
        if isinstance(obj, generic.NameObject):
            return ("name", str(obj))
        if isinstance(obj, generic.TextStringObject | generic.ByteStringObject):
            return ("string", bytes(obj.original_bytes))
        if isinstance(obj, generic.BooleanObject):
            return ("bool", bool(obj.value))
        if isinstance(obj, generic.NumberObject | generic.FloatObject):
            return ("number", obj)
        return (type(obj).__name__, str(obj))

    def _entries(self, d: Any, depth: int, skip: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(sorted(
            (str(k), self(d.raw_get(k), depth + 1)) for k in d if str(k) not in skip
        ))


def _decoded(stream: Any) -> bytes:
    try:  # pyHanko caps how far a stream may inflate
        return bytes(stream.data)
    except Exception as exc:
        raise _Unreadable("a drawing on the pages cannot be decoded") from exc


def _deref(obj: Any) -> Any:
    from pyhanko.pdf_utils import generic

    if isinstance(obj, generic.IndirectObject):
        return obj.get_object()  # type: ignore[no-untyped-call]
    return obj


def _items(array: Any) -> list[Any]:
    """An array's entries as stored (pyHanko resolves references on indexing, not here)."""
    return list(list.__iter__(array)) if isinstance(array, list) else []


def _page_nodes(root: Any) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Each page (in reading order) with the attributes it inherits."""
    from pyhanko.pdf_utils import generic

    stack: list[tuple[Any, dict[str, Any], int]] = [(root, {}, 0)]
    count = 0
    while stack:
        node, inherited, depth = stack.pop()
        node = _deref(node)
        if not isinstance(node, generic.DictionaryObject) or depth > _MAX_DEPTH:
            raise _Unreadable("the PDF's page tree is damaged")
        here = {**inherited, **{k: node.raw_get(k) for k in _INHERITED if k in node}}
        if node.get("/Type") == "/Pages":
            kids = _deref(node.raw_get("/Kids")) if "/Kids" in node else None
            if not isinstance(kids, generic.ArrayObject):
                raise _Unreadable("the PDF's page tree is damaged")
            stack.extend((kid, here, depth + 1) for kid in reversed(_items(kids)))
            continue
        count += 1
        if count > MAX_PAGES:
            raise _Unreadable(f"the PDF has more than {MAX_PAGES} pages")
        yield node, here


def _is_signature_widget(a: Any) -> bool:
    """The one annotation a checklist carries: its signature field's widget, with no area."""
    from pyhanko.pdf_utils import generic

    if not isinstance(a, generic.DictionaryObject) or a.get("/Subtype") != "/Widget":
        return False
    parent = _deref(a.raw_get("/Parent")) if "/Parent" in a else None
    field_type = a.get("/FT") or (parent.get("/FT") if isinstance(
        parent, generic.DictionaryObject) else None)
    try:
        x1, y1, x2, y2 = (float(_deref(v)) for v in _items(_deref(a.raw_get("/Rect"))))
    except (KeyError, TypeError, ValueError):
        return False
    return field_type == "/Sig" and (x1 == x2 or y1 == y2)


def _overlays(node: Any) -> tuple[str, ...]:
    """Annotations a reader may draw over the page: every one but the signature widget.
    Not only those with an area: line, ink, polygon and markup annotations are drawn from
    their own coordinates whatever their /Rect says."""
    from pyhanko.pdf_utils import generic

    annots = _deref(node.raw_get("/Annots")) if "/Annots" in node else []
    if not isinstance(annots, list):
        return ("annotations",)
    out = []
    for a in _items(annots)[:MAX_PAGES]:
        a = _deref(a)
        if _is_signature_widget(a):
            continue
        kind = str(a.get("/Subtype", "/annotation")) if isinstance(
            a, generic.DictionaryObject) else "/annotation"
        out.append(f"{kind[1:] or 'annotation'} annotation")
    return tuple(out)


def _contents(node: Any) -> bytes:
    """The page's drawing instructions (an array of streams reads as one, joined)."""
    if "/Contents" not in node:
        return b""
    raw = _deref(node.raw_get("/Contents"))
    parts = _items(raw) if isinstance(raw, list) else [raw]
    return b"\n".join(_decoded(_deref(p)) for p in parts)


def _read(pdf: bytes) -> tuple[list[_Page], list[str]]:
    """The PDF's pages in comparable form, and what outside them could show other content."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        root = reader.root
        canon = _Canon()
        pages = []
        for node, inherited in _page_nodes(root.raw_get("/Pages")):
            entries = {str(k): node.raw_get(k) for k in node if str(k) not in _NOT_DRAWN}
            entries.update(inherited)
            attributes = tuple(sorted((k, canon(v)) for k, v in entries.items()))
            pages.append(_Page(_contents(node), attributes, _overlays(node)))
        return pages, _outside_the_pages(root, len(pages))
    except _Unreadable:
        raise
    except Exception as exc:
        raise _Unreadable("the PDF's pages cannot be read") from exc


def _outside_the_pages(root: Any, pages: int) -> list[str]:
    problems = []
    tree = _deref(root.raw_get("/Pages"))
    count = _deref(tree.raw_get("/Count")) if "/Count" in tree else None
    if count != pages:
        # Some readers believe the count and would not show the pages past it.
        problems.append(f"the PDF's page count does not match its {pages} pages")
    if "/OpenAction" in root or "/AA" in root:
        problems.append("the PDF runs an action when it is opened, which Readiness never adds")
    names = _deref(root.raw_get("/Names")) if "/Names" in root else {}
    if isinstance(names, dict) and "/JavaScript" in names:
        problems.append("the PDF contains scripts, which Readiness never adds")
    form = _deref(root.raw_get("/AcroForm")) if "/AcroForm" in root else {}
    if isinstance(form, dict) and "/XFA" in form:
        problems.append("the PDF has an XFA form, which some readers show instead of its pages")
    if "/Collection" in root:
        problems.append("the PDF is a portfolio, which readers open on something other than "
                        "its pages")
    return problems


def _mark(pages: list[_Page]) -> tuple[int, str] | None:
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
def _redrawn(payload: bytes, note: str) -> tuple[bytes, tuple[_Page, ...]]:
    """The pages Readiness draws for the signed statement ``payload`` (canonical JSON)."""
    import json

    pdf = pdf_render.render_checklist(
        json.loads(payload), statement_sha256=hashlib.sha256(payload).hexdigest(),
        timestamp_note=note,
    )
    pages, _ = _read(pdf)
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


def _differences(pdf: bytes, pages: list[_Page], expected_pdf: bytes,
                 expected: tuple[_Page, ...]) -> list[str]:
    """Plain English for how the pages differ from the redrawing: the text first, since that
    is what a reader sees; then the page count; then the drawing itself."""
    said, signed = _words(pdf), _words(expected_pdf)
    if said is not None and signed is not None and said != signed:
        return _text_differences(said, signed)
    if len(pages) != len(expected):
        return [f"the PDF has {len(pages)} pages where Readiness draws {len(expected)} for "
                "its signed statement"]
    for number, (page, want) in enumerate(zip(pages, expected, strict=True), 1):
        if page.contents != want.contents:
            what = "its drawing differs"
        elif page.attributes != want.attributes:
            what = "its fonts, graphics settings or page area differ"
        else:
            continue
        return [f"page {number} is not drawn as Readiness draws the signed statement ({what}; "
                "its text agrees): something on it may be hidden, covered or moved"]
    return ["the PDF's pages are not drawn as Readiness draws the signed statement"]


def page_text_problems(pdf: bytes, statement: dict[str, Any]) -> list[str]:
    """Problems (plain English) where the PDF's visible pages disagree with ``statement``;
    empty when they agree."""
    try:
        pages, problems = _read(pdf)
    except _Unreadable as exc:
        return [f"{exc}, so they cannot be compared with the signed statement"]
    for number, page in enumerate(pages, 1):
        problems.extend(f"page {number} has a {kind} drawn over it" for kind in page.overlays)
    marked = _mark(pages)
    if marked is None:
        return [*problems, "the PDF's pages were not drawn by Readiness for this statement "
                           "(they lack its layout mark)"]
    layout, note = marked
    if layout != pdf_render.LAYOUT:
        return [*problems, f"the PDF's pages use checklist layout {layout}, which this version "
                           f"of Readiness cannot redraw (it draws layout {pdf_render.LAYOUT}); "
                           "check it with the version of Readiness that signed it"]
    if not any(shape.fullmatch(note) for shape in _TIME_NOTES):
        problems.append(f"the PDF's pages show a time line Readiness never writes: "
                        f"{_quote(note.split())}")
    payload = jcs.canonical(statement)
    if len(payload) > _STATEMENT_BYTES_PER_PAGE * (len(pages) + 1):
        # Far more than these pages could show: refused before an expensive redraw.
        return [*problems, f"the signed statement is far longer than the PDF's {len(pages)} "
                           "page(s) could show"]
    try:
        expected_pdf, expected = _redrawn(payload, note)
    except Exception:
        return [*problems, "the signed statement cannot be drawn to compare it with the pages"]
    if tuple(pages) != expected:
        problems.extend(_differences(pdf, pages, expected_pdf, expected))
    return problems
