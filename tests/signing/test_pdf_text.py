"""What a checklist PDF shows must be what its statement signs (issue 9, item 8).

The attacker here is the practitioner: they hold the key, so they can render doctored pages,
attach the genuine statement and bundle, and certify the result with the project's own
``pdf_sign.sign_pdf``. Every signature then checks out; only the pages lie."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)
from reportlab.pdfgen import canvas

from readiness.cli.main import main
from readiness.model import Status
from readiness.signing import checklist, keys, pdf_layout2, pdf_render, pdf_sign
from readiness.signing.pdf_pages import read_pages
from readiness.signing.pdf_sign import read_attachments
from readiness.signing.verify import verify_paths
from tests.keychain import MemoryKeyring
from tests.signing.conftest import LocalTSA
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

OWN_CLOCK = "the computer's own clock (no trusted timestamp)"


@pytest.fixture
def genuine(memory_keyring: MemoryKeyring, tmp_path: Path) -> Path:
    """A genuine, signed "Not ready" checklist (the firewall check failed)."""
    keys.init_key("Jane Doe", "BACP 012345")
    return checklist.sign_report(handmade_report(failing=True), tmp_path / "genuine",
                                 catalogue=HANDMADE_CATALOGUE).pdf_path


def _parts(pdf: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    files = read_attachments(pdf.read_bytes())
    return json.loads(files[checklist.STATEMENT_NAME]), files


def _certify(pages: bytes, files: dict[str, bytes], out: Path) -> Path:
    """What the attacker does: the genuine attachments on their own pages, signed with their
    own (trusted) key by the project's own signing code."""
    attachments = [pdf_sign.Attachment(name, data, "application/octet-stream", name)
                   for name, data in files.items()]
    out.write_bytes(pdf_sign.sign_pdf(pages, keys.load_key(), attachments))
    return out


def _genuine_pages(statement: dict[str, Any], files: dict[str, bytes],
                   note: str = OWN_CLOCK) -> bytes:
    digest = hashlib.sha256(files[checklist.STATEMENT_NAME]).hexdigest()
    return pdf_render.render_checklist(statement, statement_sha256=digest, timestamp_note=note)


def _doctored(genuine: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    statement, files = _parts(genuine)
    shown = copy.deepcopy(statement)
    change(shown["predicate"])
    return _certify(_genuine_pages(shown, files), files, genuine.with_name("doctored.pdf"))


def _fails(path: Path, *words: str) -> list[str]:
    (v,) = verify_paths([path])
    assert not v.ok, "a doctored PDF verified"
    text = " ".join(v.problems)
    for w in words:
        assert w in text, v.problems
    assert main(["verify", str(path)]) == 1
    return v.problems


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda pred: pred.__setitem__(key, value)


# --- the attack: pages that say something the statement does not -----------------------------


def test_genuine_pdf_verifies(genuine: Path) -> None:
    (v,) = verify_paths([genuine])
    assert v.ok, v.problems
    assert v.verdict == "not_ready"
    assert main(["verify", str(genuine)]) == 0


def test_verdict_changed_on_the_pages(genuine: Path) -> None:
    problems = _fails(_doctored(genuine, _set("verdict", "ready")), "pages say", "Not ready")
    assert any("Verdict: Ready" in p and "Verdict: Not ready" in p for p in problems), problems


def test_one_status_changed_on_the_pages(genuine: Path) -> None:
    def passed(pred: dict[str, Any]) -> None:
        pred["checks"][0]["status"] = "pass"

    problems = _fails(_doctored(genuine, passed), "pages say")
    assert any("Pass" in p and "Fail" in p for p in problems), problems


def test_practitioner_changed_on_the_pages(genuine: Path) -> None:
    def renamed(pred: dict[str, Any]) -> None:
        pred["practitioner"]["name"] = "Janet Doe"

    _fails(_doctored(genuine, renamed), "pages say", "Janet Doe", "Jane Doe")


def test_date_changed_on_the_pages(genuine: Path) -> None:
    _fails(_doctored(genuine, _set("generatedAt", "2026-12-24T09:00:00Z")), "pages say",
           "24 December 2026", "21 November 2026")


def test_check_row_dropped_from_the_pages(genuine: Path) -> None:
    def dropped(pred: dict[str, Any]) -> None:
        del pred["checks"][0]

    _fails(_doctored(genuine, dropped), "pages say", "The firewall is on")


def test_check_rows_reordered_on_the_pages(genuine: Path) -> None:
    def reordered(pred: dict[str, Any]) -> None:
        pred["checks"].reverse()

    _fails(_doctored(genuine, reordered), "pages say")


def test_attested_label_dropped_from_the_pages(genuine: Path) -> None:
    def machine_checked(pred: dict[str, Any]) -> None:
        pred["checks"].extend(pred["attestations"])
        pred["attestations"] = []

    _fails(_doctored(genuine, machine_checked), "pages say", "attested")


# --- pages that keep the genuine text but show something else --------------------------------


def _edited(genuine: Path, edit: Callable[[PdfWriter], None]) -> Path:
    """The genuine drawing, changed with another PDF tool, then certified."""
    statement, files = _parts(genuine)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_genuine_pages(statement, files))))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return _certify(out.getvalue(), files, genuine.with_name("edited.pdf"))


def _drawing(draw: Callable[[canvas.Canvas], None]) -> PageObject:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.2756, 841.8898))
    draw(c)
    c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue())).pages[0]


def _white_box_over_not(c: canvas.Canvas) -> None:
    c.setFillColorRGB(1, 1, 1)
    c.rect(156, 697, 36, 19, stroke=0, fill=1)  # "Verdict: Not ready" now reads "Verdict: ready"


def test_genuine_drawing_resaved_by_another_tool_still_verifies(genuine: Path) -> None:
    (v,) = verify_paths([_edited(genuine, lambda w: None)])
    assert v.ok, v.problems


def test_verdict_covered_by_a_white_box(genuine: Path) -> None:
    def cover(w: PdfWriter) -> None:
        w.pages[0].merge_page(_drawing(_white_box_over_not))

    _fails(_edited(genuine, cover), "page 1", "hidden, covered or moved")


def test_genuine_text_made_invisible(genuine: Path) -> None:
    def invisible(w: PdfWriter) -> None:
        page = w.pages[0]
        page.replace_contents(_prefixed(page, b"3 Tr\n", w))  # text render mode: invisible

    _fails(_edited(genuine, invisible), "page 1", "hidden, covered or moved")


def _prefixed(page: PageObject, prefix: bytes, w: PdfWriter) -> Any:
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    assert contents is not None
    stream = ContentStream(None, w)
    stream.set_data(prefix + contents.get_data())
    return stream


def test_annotation_drawn_over_the_verdict(genuine: Path) -> None:
    def annotate(w: PdfWriter) -> None:
        w.add_annotation(0, FreeText(text="Ready", rect=(150, 695, 250, 717),
                                     background_color="ffffff"))

    _fails(_edited(genuine, annotate), "FreeText annotation drawn over")


def test_verdict_cropped_away(genuine: Path) -> None:
    def crop(w: PdfWriter) -> None:
        w.pages[0].cropbox = RectangleObject([0, 0, 595, 690])

    _fails(_edited(genuine, crop), "page 1", "page area")


def test_extra_page_added(genuine: Path) -> None:
    def blank(w: PdfWriter) -> None:
        w.add_blank_page()

    drawn = len(PdfReader(genuine).pages)
    _fails(_edited(genuine, blank), f"{drawn + 1} pages", f"draws {drawn}")

    def ready_page(w: PdfWriter) -> None:
        w.add_page(_drawing(lambda c: c.drawString(72, 720, "Verdict: Ready")))

    _fails(_edited(genuine, ready_page), "pages say", "Verdict: Ready")


def test_page_count_that_hides_pages(genuine: Path) -> None:
    def short_count(w: PdfWriter) -> None:
        pages = w.root_object["/Pages"].get_object()
        assert isinstance(pages, DictionaryObject)
        pages[NameObject("/Count")] = NumberObject(1)

    _fails(_edited(genuine, short_count), "page count")


def test_script_run_on_opening(genuine: Path) -> None:
    def script(w: PdfWriter) -> None:
        w.root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("this.print();"),
        })

    _fails(_edited(genuine, script), "action when it is opened")


def test_time_line_used_for_another_message(genuine: Path) -> None:
    statement, files = _parts(genuine)
    pages = _genuine_pages(statement, files, note="Verdict: Ready - every check passed")
    _fails(_certify(pages, files, genuine.with_name("note.pdf")), "time line",
           "every check passed")


def test_pages_not_drawn_by_readiness(genuine: Path) -> None:
    _statement, files = _parts(genuine)

    def draw(c: canvas.Canvas) -> None:
        c.drawString(72, 720, "Pre-session device checklist")
        c.drawString(72, 700, "Verdict: Ready")

    buf = io.BytesIO()
    w = PdfWriter()
    w.add_page(_drawing(draw))
    w.write(buf)
    _fails(_certify(buf.getvalue(), files, genuine.with_name("other.pdf")), "layout mark")


def test_another_layout_is_named(genuine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages marked with a layout this version does not have (a newer version's) are not
    redrawn with another layout's code: refused, naming both."""
    statement, files = _parts(genuine)
    with monkeypatch.context() as m:
        m.setattr(pdf_layout2, "LAYOUT", 99)
        pages = _genuine_pages(statement, files)
    _fails(_certify(pages, files, genuine.with_name("layout99.pdf")), "layout 99",
           "knows layouts 1, 2")


def test_older_layouts_are_redrawn_as_they_were(genuine: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A checklist signed with layout 1 (raw values on the pages) still verifies, redrawn with
    layout 1's own code; the same statement on layout-2 pages marked as layout 1 does not."""
    statement, files = _parts(genuine)
    digest = hashlib.sha256(files[checklist.STATEMENT_NAME]).hexdigest()
    old = pdf_render.render_checklist(statement, statement_sha256=digest,
                                      timestamp_note=OWN_CLOCK, layout=1)
    (v,) = verify_paths([_certify(old, files, genuine.with_name("layout1.pdf"))])
    assert v.ok, v.problems
    assert b"/Layout 1 " in b"".join(p.contents for p in read_pages(old)[0])

    with monkeypatch.context() as m:
        m.setattr(pdf_layout2, "LAYOUT", 1)
        relabelled = _genuine_pages(statement, files)
    _fails(_certify(relabelled, files, genuine.with_name("relabelled.pdf")), "pages say")


def test_page_that_refers_to_itself_is_refused_not_followed(genuine: Path) -> None:
    def loop(w: PdfWriter) -> None:
        ref = w._add_object(DictionaryObject())
        page = ref.get_object()
        assert isinstance(page, DictionaryObject)
        page[NameObject("/Again")] = ref
        w.pages[0][NameObject("/Loop")] = ref

    _fails(_edited(genuine, loop), "too large or too deeply nested")


def test_quoted_page_text_cannot_drive_the_terminal() -> None:
    from readiness.signing.pdf_text import _quote

    quoted = _quote(["Verdict:\x1b[2J", "Ready\u202e"])
    assert "\x1b" not in quoted and "\u202e" not in quoted
    assert quoted == "“Verdict:?[2J Ready?”"


# --- genuine checklists of every kind still verify --------------------------------------------


def test_trusted_and_queued_time_lines_verify(memory_keyring: MemoryKeyring,
                                              local_tsa: LocalTSA, tmp_path: Path) -> None:
    keys.init_key("Jane Doe")
    stamped = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                                    tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root],
                                    catalogue=HANDMADE_CATALOGUE)
    local_tsa.mode[0] = "http500"
    queued = checklist.sign_report(handmade_report(), tmp_path, timestamp=True,
                                   tsa_urls=[local_tsa.url], tsa_roots=[local_tsa.root],
                                   catalogue=HANDMADE_CATALOGUE)
    assert stamped.timestamped and queued.timestamp_queued
    for s in (stamped, queued):
        (v,) = verify_paths([s.pdf_path], tsa_roots=[local_tsa.root])
        assert v.ok, v.problems


def _long_report() -> Any:
    report = handmade_report(failing=True)
    long_word = "x" * 300  # no space to break at
    first = dataclasses.replace(
        report.results[0],
        title="Mae’r wal dân ymlaen – “firewall” ŵ ŷ Ŵ Ŷ",
        summary=" ".join(["Ni chafwyd ateb gan ufw; gwiriwch y gosodiadau."] * 60),
        observed={"zeta": long_word, "alpha": None, "mu": 7, "dŵr": "llŷn & <b>bold</b>"},
        expected="wal dân weithredol",
    )
    extra = tuple(
        dataclasses.replace(report.results[1], check_id=f"check_{i}", title=f"Check {i}",
                            status=Status.PASS if i % 2 else Status.WARN)
        for i in range(40)
    )
    return dataclasses.replace(report, results=(first, *extra, *report.results[1:]))


def test_welsh_name_and_long_details_verify(memory_keyring: MemoryKeyring,
                                            tmp_path: Path) -> None:
    keys.init_key("Siân Ŵyn ap Llŷr", "BACP 012345 – Cymru")
    s = checklist.sign_report(_long_report(), tmp_path, catalogue=HANDMADE_CATALOGUE)
    assert len(PdfReader(s.pdf_path).pages) > 2
    (v,) = verify_paths([s.pdf_path])
    assert v.ok, v.problems
    assert v.practitioner == "Siân Ŵyn ap Llŷr"
    assert main(["verify", str(s.pdf_path)]) == 0

    def renamed(pred: dict[str, Any]) -> None:
        pred["practitioner"]["name"] = "Siân Wyn ap Llyr"

    _fails(_doctored(s.pdf_path, renamed), "pages say")


def test_drawn_from_the_canonical_statement(genuine: Path) -> None:
    """Key order and Unicode spelling do not change the drawing: it is made from the signed
    (canonical) form, which is all a verifier has."""
    statement, files = _parts(genuine)

    def reordered(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: reordered(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reordered(v) for v in value]
        return unicodedata.normalize("NFD", value) if isinstance(value, str) else value

    statement["predicate"]["practitioner"]["name"] = "Siân Llŷr"
    assert _genuine_pages(reordered(statement), files) == _genuine_pages(statement, files)
    assert _genuine_pages(statement, files) == _genuine_pages(statement, files)
