"""One vocabulary: the same result reads the same in the CLI, on screen and on the signed PDF."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from readiness import catalogue
from readiness.cli import check_cmd
from readiness.gui import status as gui_status
from readiness.gui.results_model import ResultsModel
from readiness.model import NOT_ANSWERED, CheckKind, CheckResult, RunReport, Status, Verdict
from readiness.signing import pdf_render
from readiness.signing.statement import build_statement
from tests.gui.test_translations import extract


def _report(status: Status) -> RunReport:
    cat = catalogue.load()
    entry = next(e for e in cat.entries if e.kind == "machine")
    result = CheckResult(entry.id, CheckKind.MACHINE, entry.title, status, "What was seen.")
    return RunReport("2026-01-01T00:00:00Z", "0", cat.version, {"system": "Linux"}, (result,),
                     catalogue_digest=cat.digest)


def _pdf_lines(report: RunReport) -> list[str]:
    statement = {"predicate": build_statement(
        report, report_id="r", sequence=1, previous_sha256=None, signed_at="",
        practitioner_name="A", registration="", fingerprint="",
        subject_digest="0" * 64)["predicate"]}
    pdf = pdf_render.render_checklist(statement, statement_sha256="0" * 64, timestamp_note="")
    return [line.strip() for page in PdfReader(io.BytesIO(pdf)).pages
            for line in (page.extract_text() or "").splitlines()]


@pytest.mark.parametrize("status", list(Status))
def test_a_result_reads_the_same_in_the_cli_the_gui_and_the_pdf(qtbot: QtBot,
                                                                status: Status) -> None:
    report = _report(status)
    result = report.results[0]

    cli = check_cmd.render_table(report).splitlines()
    cli_word = next(line for line in cli if result.title in line).split(result.title)[0].strip()
    cli_verdict = cli[0].removeprefix("Verdict: ")

    model = ResultsModel(catalogue.load())
    model.set_result(result)
    gui_word = model.itemFromIndex(model.index_for(result.check_id)).text()
    gui_verdict = gui_status.verdict_word(report.verdict)

    pdf = _pdf_lines(report)
    # The status column is narrow: "Not applicable" wraps onto two lines. The first page's
    # summary may name the item too: the detailed rows follow their heading.
    heading = pdf.index("Checks made by the computer")
    pdf_word = " ".join(pdf[heading + 1:pdf.index(result.title, heading)])
    pdf_verdict = next(line for line in pdf if line.startswith("Verdict: "))
    pdf_verdict = pdf_verdict.removeprefix("Verdict: ")

    assert cli_word == gui_word == pdf_word == status.label
    assert cli_verdict == gui_verdict == pdf_verdict == report.verdict.label


def test_lupdate_marks_exactly_the_core_words(tmp_path: Path) -> None:
    labels = {s.label for s in Status} | {v.label for v in Verdict} | {NOT_ANSWERED}
    assert set(gui_status.MARKED) == labels
    root = ET.parse(extract(tmp_path)).getroot()  # noqa: S314 (lupdate output of our code)
    found = {m.findtext("source") for c in root.iter("context") if c.findtext("name") == "status"
             for m in c.iter("message")}
    assert labels <= found
