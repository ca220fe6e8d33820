"""Unanswered is not "could not check", and a relaunch shows the last results with their time
but never signs them (issue 12, item 6)."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness import last_run
from readiness.cli import check_cmd
from readiness.gui.app import build_main_window
from readiness.gui.status import UNANSWERED, status_word
from readiness.model import NOT_ANSWERED, Status
from tests.gui.conftest import MakeWindow
from tests.gui.test_check_page import run_and_wait


def test_an_unanswered_question_says_so_everywhere(qtbot: QtBot, make_window: MakeWindow,
                                                   handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    result = page.model.result("headphones")
    assert result is not None and result.status is Status.UNKNOWN and result.unanswered
    assert result.label == NOT_ANSWERED
    row = page.model.index_for("headphones", 0)
    assert row.data() == status_word(UNANSWERED) == NOT_ANSWERED
    page.select("headphones")
    assert page.detail.status_word.text() == NOT_ANSWERED
    assert page.report is not None
    assert f"{NOT_ANSWERED:<{check_cmd.TAG_WIDTH}} " in check_cmd.render_table(page.report)
    # A machine check that could not tell keeps its own word.
    unknown = [r for r in page.report.results if r.status is Status.UNKNOWN and not r.attested]
    assert all(r.label == "Unknown" for r in unknown)


def test_relaunch_shows_the_last_results_labelled_and_unsignable(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    run_and_wait(qtbot, window.check_page)
    first = window.check_page.report
    assert first is not None and last_run.last_run_path().is_file()

    again, _settings = build_main_window(str(handmade_replay))
    qtbot.addWidget(again)
    page = again.check_page
    fw = page.model.result("firewall_on")
    assert fw is not None and fw.status is {r.check_id: r for r in first.results}[
        "firewall_on"].status
    assert last_run.load(None) is None, "a replayed run is never shown as this computer's"
    assert "Results from" in page.banner.reason.text()
    assert page.report is None and not page.sign_button.isEnabled()
    assert "Run the checks first" in page.sign_button.toolTip()


def test_damaged_or_foreign_last_results_are_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "last-run.json"
    path.write_text("{not json", encoding="utf-8")
    assert last_run.load(None, path) is None
    path.write_text(json.dumps({"format": "readiness-results/1"}), encoding="utf-8")
    assert last_run.load(None, path) is None
    path.write_bytes(b"x" * (last_run.MAX_BYTES + 1))
    assert last_run.load(None, path) is None
