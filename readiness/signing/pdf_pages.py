"""A PDF's pages in a form that can be compared exactly with a drawing Readiness makes.

Signed checklists and key cards are trusted only when their pages are exactly what Readiness
draws for what they claim (``pdf_text``, ``keycard``). This module reads pages for that
comparison: the decoded drawing instructions, every other page entry (resources, boxes,
inherited ones too) with references resolved and storage details dropped, and every
annotation a reader might draw on top (all but a signature widget). It also names what
outside the pages could show other content (scripts, open actions, XFA, portfolios, a page
count that hides pages). Reading is bounded: a hostile file cannot loop or exhaust memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_PAGES = 200
_MAX_NODES = 200_000  # PDF objects looked at per document: a hostile file cannot loop forever
_MAX_DEPTH = 32
# Page attributes a page inherits from its ancestors in the page tree.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_NOT_DRAWN = ("/Parent", "/Annots", "/Contents")
# Stream keys that only say how the bytes are stored, not what they are.
_STORAGE = ("/Length", "/Filter", "/DecodeParms", "/DL")

class Unreadable(Exception):
    """The pages cannot be read for comparison (damaged, or built to exhaust the reader)."""


@dataclass(frozen=True)
class Page:
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
            raise Unreadable("the PDF's pages are too large or too deeply nested to read")
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
        raise Unreadable("a drawing on the pages cannot be decoded") from exc


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
            raise Unreadable("the PDF's page tree is damaged")
        here = {**inherited, **{k: node.raw_get(k) for k in _INHERITED if k in node}}
        if node.get("/Type") == "/Pages":
            kids = _deref(node.raw_get("/Kids")) if "/Kids" in node else None
            if not isinstance(kids, generic.ArrayObject):
                raise Unreadable("the PDF's page tree is damaged")
            stack.extend((kid, here, depth + 1) for kid in reversed(_items(kids)))
            continue
        count += 1
        if count > MAX_PAGES:
            raise Unreadable(f"the PDF has more than {MAX_PAGES} pages")
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


def read_pages(pdf: bytes) -> tuple[list[Page], list[str]]:
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
            pages.append(Page(_contents(node), attributes, _overlays(node)))
        return pages, _outside_the_pages(root, len(pages))
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable("the PDF's pages cannot be read") from exc


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


def drawing_problems(pages: list[Page], expected: tuple[Page, ...] | list[Page]) -> list[str]:
    """How ``pages`` differ from the ``expected`` drawing, page by page (empty if the same)."""
    if len(pages) != len(expected):
        return [f"the PDF has {len(pages)} pages where Readiness draws {len(expected)}"]
    for number, (page, want) in enumerate(zip(pages, expected, strict=True), 1):
        if page.contents != want.contents:
            what = "its drawing differs"
        elif page.attributes != want.attributes:
            what = "its fonts, graphics settings or page area differ"
        else:
            continue
        return [f"page {number} is not drawn as Readiness draws it ({what}): something on "
                "it may be hidden, covered or moved"]
    return []
