"""The status and verdict words, their severity and OS names are defined once, in the core."""

from __future__ import annotations

from readiness.cli import check_cmd, verify_cmd
from readiness.model import (
    Status,
    Verdict,
    os_display_name,
    status_label,
    verdict_label,
)
from readiness.signing import pdf_kit


def test_the_pdf_prints_the_core_words_in_status_order() -> None:
    # The verifier compares these exactly: they are the words signed PDFs have always shown.
    assert pdf_kit.STATUS_WORD == {"pass": "Pass", "warn": "Warning", "fail": "Fail",
                                   "unknown": "Unknown", "not_applicable": "Not applicable"}
    assert list(pdf_kit.STATUS_WORD) == [s.value for s in Status]
    assert pdf_kit.VERDICT_WORD == {"ready": "Ready", "ready_with_cautions": "Ready with cautions",
                                    "not_ready": "Not ready"}
    assert pdf_kit.VERDICT_STATUS == {"ready": "pass", "ready_with_cautions": "warn",
                                      "not_ready": "fail"}


def test_values_read_from_files_are_labelled_or_shown_as_they_are() -> None:
    assert status_label("warn") == "Warning"
    assert verdict_label("not_ready") == "Not ready"
    assert status_label("something-new") == "something-new"
    assert verdict_label("") == ""


def test_severity_order() -> None:
    ranked = sorted(Status, key=lambda s: -s.rank)
    assert ranked == [Status.FAIL, Status.WARN, Status.UNKNOWN, Status.PASS,
                      Status.NOT_APPLICABLE]
    assert [v.status for v in Verdict] == [Status.PASS, Status.WARN, Status.FAIL]


def test_os_display_names() -> None:
    assert [os_display_name(k) for k in ("windows", "macos", "linux")] == [
        "Windows", "macOS", "Linux"]
    assert os_display_name("other") == ""


def test_the_cli_lines_every_status_word_up() -> None:
    assert check_cmd.TAG_WIDTH == verify_cmd.TAG_WIDTH > max(len(s.label) for s in Status)
