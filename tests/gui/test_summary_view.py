"""The Verify screen's Summary of a folder (issue 14): one row per person trusted, read on a
background thread with a visible count, the interval the service set, states by icon and word,
exports written through the core exporters, and failures as sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness.cli.main import main
from readiness.gui.summary_model import SummaryWords, interval_from
from readiness.gui.summary_view import SummaryView
from readiness.gui.verify_page import VerifyPage
from readiness.gui.verify_views import FILES, SUMMARY
from readiness.policy import Policy
from readiness.settings import Settings, apply_policy
from readiness.signing import checklist, keys
from readiness.signing.summary import Row
from tests.gui.conftest import MakeWindow
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

WAIT = 60_000
SIGNED = dt.date(2026, 11, 21)  # tests.signing.helpers.handmade_report's generated_at


@pytest.fixture
def tree(memory_keyring: MemoryKeyring, tmp_path: Path) -> Path:
    """Two checklists by Jane (the latest not ready), whose key card is trusted here."""
    root = tmp_path / "supervision"
    keys.init_key("Jane Doe", "BACP 012345")
    for failing in (False, True):
        checklist.sign_report(handmade_report(failing=failing), root / "jane" / "2026",
                              catalogue=HANDMADE_CATALOGUE)
    card = keys.export_card(tmp_path / "card")[0]
    assert main(["signers", "add", str(card), "--name", "Jane Doe"]) == 0
    return root


def _page(qtbot: QtBot, settings: Settings) -> tuple[VerifyPage, SummaryView]:
    page = VerifyPage()
    qtbot.addWidget(page, before_close_func=lambda w: w.shutdown())  # threads joined
    page.resize(1024, 700)
    page.show()
    view = page.views.summary_view
    view.settings_source = lambda: settings
    return page, view


def _summarise(qtbot: QtBot, view: SummaryView, folder: Path) -> list[str]:
    """Summarise ``folder``; the banner titles seen while it ran."""
    seen: list[str] = []
    view.progress.counted.connect(lambda *_: seen.append(view.banner.title.text()))
    with qtbot.waitSignal(view.finished, timeout=WAIT):
        assert view.summarise(folder)
        seen.append(view.banner.title.text())
        assert view.busy and not view.export_csv_button.isEnabled()
    return seen


def _cells(view: SummaryView) -> dict[str, str]:
    heads = view.words.headers()
    return {heads[c]: str(view.model.index(0, c).data()) for c in range(len(heads))}


def test_one_row_per_practitioner_and_both_exports(qtbot: QtBot, tree: Path,
                                                   tmp_path: Path) -> None:
    page, view = _page(qtbot, apply_policy(Settings(), Policy(reminder_days=14)))
    page.views.show_summary()
    assert page.views.stack.currentWidget() is view
    seen = _summarise(qtbot, view, tree)
    assert seen[0].startswith("Looking for checklists in supervision")
    assert "Checking 4 files…" in seen  # the bundles and the PDFs: every file is checked
    assert view.model.rowCount() == 1
    cells = _cells(view)
    assert cells["Practitioner"] == "Jane Doe" and cells["Registration"] == "BACP 012345"
    days = (dt.datetime.now(dt.UTC).date() - SIGNED).days  # the handmade report's date
    assert cells["Checklists"] == "2"
    assert cells["Self-audit"] == ("Overdue" if days > 14 else "Up to date") + (
        f", {days} days ago")
    assert cells["Series"] == "No gaps found"
    assert cells["Verdict"] == "Not ready" and cells["Failing items"] != "None"
    assert "2026" in cells["Latest checklist"]
    assert "November 2026" in cells["Latest checklist"]  # local date, not RFC 3339
    latest = view.model.item(0, view.words.headers().index("Latest checklist"))
    assert latest is not None and ":" in latest.toolTip()  # the local time
    verdict = view.model.item(0, view.words.headers().index("Verdict"))
    assert verdict is not None and not verdict.icon().isNull()  # icon and word
    assert view.banner.title.text() == "Jane Doe needs attention"
    assert view.banner.detail.text() == ("1 overdue, 1 not ready." if days > 14
                                         else "1 not ready.")
    notes = view.notes.text()
    assert "more than 14 days old (set by your organisation)" in notes
    assert "2 files were further copies of checklists already counted" in notes
    assert "did not verify" not in notes
    assert view.export_csv_button.isEnabled() and view.export_pdf_button.isEnabled()

    out_csv, out_pdf = tmp_path / "out" / "summary.csv", tmp_path / "out" / "summary.pdf"
    with qtbot.waitSignal(view.exported, timeout=WAIT):
        assert view.export(out_csv, "csv")
    lines = out_csv.read_text(encoding="utf-8-sig").splitlines()  # with a byte-order mark
    assert lines[0].startswith('"Practitioner",') and lines[1].startswith('"Jane Doe",')
    with qtbot.waitSignal(view.exported, timeout=WAIT):
        assert view.export(out_pdf, "pdf")
    assert out_pdf.read_bytes().startswith(b"%PDF")
    assert view.status.text().startswith("Saved summary.pdf in ")
    assert not list(out_csv.parent.glob("*.tmp*")), "written atomically, nothing left over"


def test_an_export_that_cannot_be_written_is_a_sentence(qtbot: QtBot, tree: Path,
                                                        tmp_path: Path) -> None:
    _, view = _page(qtbot, Settings())
    _summarise(qtbot, view, tree)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with qtbot.waitSignal(view.error, timeout=WAIT) as got:
        assert view.export(blocker / "summary.csv", "csv")
    title, sentence, _details = got.args
    assert title == "The summary was not saved"
    assert sentence.startswith("Readiness could not save summary.csv in the folder")
    assert sentence.endswith(").") and "Error" not in sentence
    assert view.status.text() == sentence and view.export_csv_button.isEnabled()


def test_a_folder_that_cannot_be_read_is_a_sentence(qtbot: QtBot, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _, view = _page(qtbot, Settings())
    with qtbot.waitSignal(view.error, timeout=WAIT) as got:
        assert view.summarise(tmp_path / "not-there")
    assert got.args[1].startswith("Readiness could not read the folder")
    assert got.args[1].endswith(").") and "Traceback" not in got.args[1]
    assert view.banner.title.text() == "The folder could not be summarised"
    assert view.model.rowCount() == 0 and not view.export_pdf_button.isEnabled()

    def refused(_path: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    locked = tmp_path / "locked"
    locked.mkdir()
    monkeypatch.setattr("readiness.gui.summary_task.readable", refused)
    with qtbot.waitSignal(view.error, timeout=WAIT) as got:
        assert view.summarise(locked)
    assert "locked" in got.args[1] and "ermission" in got.args[1]


def test_files_that_do_not_verify_are_counted_and_shown_in_files(
        qtbot: QtBot, tree: Path) -> None:
    stray = tree / "elsewhere" / "stray.readiness.json"
    stray.parent.mkdir()
    stray.write_text("{}", encoding="utf-8")
    page, view = _page(qtbot, Settings(reminder_days=0))
    page.views.show_summary()
    _summarise(qtbot, view, tree)
    assert "1 file did not verify and is not counted." in view.notes.text()
    assert "(the usual interval; reminders are off in Settings)" in view.notes.text()
    assert view.banner.action.isVisible()
    with qtbot.waitSignal(page.verified, timeout=WAIT) as got:
        view.banner.action.click()
    assert page.views.bar.currentIndex() == FILES
    assert [Path(str(v.path)).name for v in got.args[0]] == ["stray.readiness.json"]
    page.views.show_summary()
    assert page.views.bar.currentIndex() == SUMMARY and view.model.rowCount() == 1
    with qtbot.waitSignal(view.finished, timeout=WAIT):  # its rows are the people trusted
        page.trust_changed()
        assert view.busy and view.model.rowCount() == 0
    assert view.model.rowCount() == 1


def test_overdue_and_broken_series_by_icon_and_word(qtbot: QtBot) -> None:
    words = SummaryWords()
    row = Row(identity="x", name="Sam =Lee", registration="", checklists=3,
              latest_at="2026-01-02T10:00:00Z", verdict="ready", days_since=None,
              chain_complete=False, failing=(), overdue=True)
    cells = {h: c for h, c in zip(words.headers(), words.cells(row), strict=True)}
    assert cells["Self-audit"][:2] == ("warn", "Overdue, date unknown")
    assert cells["Series"][0] == "fail" and cells["Series"][1].startswith("Gap")
    assert cells["Practitioner"][0] == "warn"  # needs attention, though ready
    assert cells["Registration"][1] == "—"
    assert words.since(0) == "today" and words.since(1) == "1 day ago"
    assert cells["Failing items"][1] == "None"
    assert words.attention([row]) == "1 overdue, 1 with a gap in their series"
    assert interval_from(None).days == 30 and interval_from(Settings(reminder_days=7)).days == 7


def test_in_the_window_the_interval_follows_the_settings(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    """The organisation's reminder interval when it manages one, else the practitioner's;
    and the Summary of a folder… button opens the Summary view."""
    managed = apply_policy(Settings(first_run_done=True, reminder_days=21),
                           Policy(reminder_days=60))
    window = make_window(handmade_replay, settings=managed)
    views = window.verify_page.views
    assert interval_from(views.summary_view.settings_source()).days == 60
    window.settings = window.settings.own_settings()
    assert interval_from(views.summary_view.settings_source()).days == 21
    chosen: list[bool] = []
    views.summary_view.choose_folder = lambda: chosen.append(True)  # type: ignore[method-assign]
    views.summary_button.click()
    assert chosen and views.stack.currentWidget() is views.summary_view


def test_checking_files_shows_them_but_a_recheck_keeps_the_summary(
        qtbot: QtBot, tree: Path) -> None:
    page, _ = _page(qtbot, Settings())
    page.views.show_summary()
    bundle = next(tree.rglob("*.readiness.json"))
    with qtbot.waitSignal(page.verified, timeout=WAIT):
        assert page.verify([str(bundle)])  # as from History, a drop or the buttons
    assert page.views.stack.currentIndex() == FILES
    page.views.show_summary()
    with qtbot.waitSignal(page.verified, timeout=WAIT):
        assert page.recheck()
    assert page.views.stack.currentIndex() == SUMMARY


def test_banner_titles_count_in_plain_english() -> None:
    words = SummaryWords()

    def row(name: str, overdue: bool) -> Row:
        return Row(identity=name, name=name, registration="", checklists=1,
                   latest_at="2026-11-02T10:00:00Z", verdict="ready", days_since=3,
                   chain_complete=True, failing=(), overdue=overdue)

    jane, sam, ann = row("Jane Doe", True), row("Sam Lee", False), row("Ann Bo", True)
    assert words.account([jane], []).title == "Jane Doe needs attention"
    assert words.account([jane, sam], []).title == "1 of 2 practitioners needs attention"
    assert words.account([jane, sam, ann], []).title == "2 of 3 practitioners need attention"
    assert words.account([sam], []).title == "Sam Lee is up to date"
    assert words.account([sam, row("Bo", False)], []).title == \
        "All 2 practitioners are up to date"
