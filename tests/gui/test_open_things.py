"""Every "Open …" button either opens something or says, in a sentence, what to do instead:
the folder after signing, a checklist in History, the log folder, a settings page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from pytestqt.qtbot import QtBot

from readiness.gui import open_things, system_settings
from readiness.probe import execs
from tests.gui.conftest import MakeWindow

pytestmark = pytest.mark.skipif(sys.platform.startswith("win") or sys.platform == "darwin",
                                reason="the Linux launch path (xdg-open, the portal)")

Calls = list[tuple[str, list[str]]]


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> Calls:
    calls: Calls = []

    def start_detached(program: str, arguments: list[str]) -> tuple[bool, int]:
        calls.append((program, list(arguments)))
        return True, 1

    def open_url(url: QUrl) -> bool:
        calls.append(("portal", [url.toString()]))
        return True

    monkeypatch.setattr(QProcess, "startDetached", start_detached)
    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    monkeypatch.setattr(execs, "resolve", lambda name, platform=None: f"/usr/bin/{name}")
    monkeypatch.setattr(open_things, "_uses_system_api", lambda: False)
    return calls


def test_a_folder_opens_through_xdg_open_from_the_system_folders(tmp_path: Path,
                                                                 launched: Calls) -> None:
    assert open_things.open_folder(tmp_path) is None
    assert launched == [("/usr/bin/xdg-open", [QUrl.fromLocalFile(str(tmp_path)).toString()])]


def test_in_a_sandbox_the_portal_opens_it(tmp_path: Path, launched: Calls,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(open_things, "_uses_system_api", lambda: True)
    assert open_things.open_file(_pdf(tmp_path)) is None
    assert [c[0] for c in launched] == ["portal"]


def _pdf(tmp_path: Path) -> Path:
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    return pdf


def test_a_missing_folder_is_said_and_nothing_is_started(tmp_path: Path,
                                                         launched: Calls) -> None:
    gone = tmp_path / "Checklists"
    message = open_things.open_folder(gone)
    assert message is not None and str(gone) in message and "does not exist" in message
    assert launched == []
    assert open_things.open_folder("") == "No folder has been chosen yet."


def test_without_xdg_open_the_sentence_says_where_to_go(tmp_path: Path, launched: Calls,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str, platform: str | None = None) -> str:
        raise execs.ExecutableNotFound(f"{name} not found in the system directories")

    monkeypatch.setattr(execs, "resolve", missing)
    message = open_things.open_folder(tmp_path)
    assert message is not None
    assert str(tmp_path) in message and "file manager" in message
    assert "not found in the system directories" not in message  # no raw program text
    assert launched == []


def test_no_program_for_pdfs_is_said(tmp_path: Path, launched: Calls,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(open_things, "_uses_system_api", lambda: True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    message = open_things.open_file(_pdf(tmp_path))
    assert message is not None and "PDF files" in message and str(tmp_path) in message
    gone = open_things.open_file(tmp_path / "other.pdf")
    assert gone is not None and "not there any more" in gone


def test_only_secure_web_addresses_are_opened(launched: Calls) -> None:
    assert open_things.open_url("http://example.org/") is not None
    assert open_things.open_url("https://ico.org.uk/") is None
    assert launched == [("/usr/bin/xdg-open", ["https://ico.org.uk/"])]


def test_a_settings_button_is_offered_only_when_its_program_is_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installed = {"gnome-software"}

    def resolve(name: str, platform: str | None = None) -> str:
        if name not in installed:
            raise execs.ExecutableNotFound(name)
        return f"/usr/bin/{name}"

    monkeypatch.setattr(execs, "resolve", resolve)
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    assert system_settings.applicable({"label": "x", "argv": ["gnome-software"],
                                       "desktop": "gnome"})
    assert not system_settings.applicable({"label": "x", "argv": ["update-manager"]})
    assert not system_settings.applicable({"label": "x", "argv": ["gnome-software"],
                                           "desktop": "kde"})
    assert system_settings.applicable({"label": "x", "uri": "https://example.org/"})


def test_history_open_says_why_a_moved_checklist_cannot_be_opened(
        qtbot: QtBot, launched: Calls, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from readiness.gui.history_page import HistoryPage

    page = HistoryPage()
    qtbot.addWidget(page)
    entry = SimpleNamespace(pdf_path=str(tmp_path / "gone.pdf"))
    page.selected = lambda: entry  # type: ignore[method-assign]
    with qtbot.waitSignal(page.error) as got:
        page.open_button.setEnabled(True)
        page.open_button.click()
    title, message, details = got.args
    assert title == "The checklist could not be opened"
    assert "gone.pdf" in message and "moved" in message and details == ""
    assert launched == []
    entry.pdf_path = str(_pdf(tmp_path))
    assert page.open_selected() is None
    assert launched and launched[0][1] == [QUrl.fromLocalFile(entry.pdf_path).toString()]
    page.folder_button.setEnabled(True)
    page.folder_button.click()
    assert launched[-1][1] == [QUrl.fromLocalFile(str(tmp_path)).toString()]
    entry.pdf_path = str(tmp_path / "moved" / "checklist.pdf")
    with qtbot.waitSignal(page.error) as got:
        page.folder_button.click()
    assert got.args[0] == "The folder could not be opened" and "does not exist" in got.args[1]


def test_open_the_log_folder_says_why_not(qtbot: QtBot, make_window: MakeWindow,
                                          launched: Calls, monkeypatch: pytest.MonkeyPatch,
                                          handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    logs = next(a for a in window.findChildren(QAction) if "log folder" in a.text())
    logs.trigger()
    assert launched and launched[-1][0] == "/usr/bin/xdg-open"
    assert window.last_error is None

    monkeypatch.setattr(QProcess, "startDetached", lambda program, args: (False, 0))
    logs.trigger()
    error = getattr(window, "last_error")  # noqa: B009 (set by the trigger)
    assert error is not None
    assert error.windowTitle() == "The log folder could not be opened"
    text = error.message.text()
    assert "file manager" in text and "Traceback" not in text and "xdg-open" not in text


def test_open_setting_goes_through_the_same_launcher(launched: Calls) -> None:
    assert system_settings.open_setting({"label": "x", "argv": ["gnome-control-center", "wifi"]})
    assert launched == [("/usr/bin/gnome-control-center", ["wifi"])]
