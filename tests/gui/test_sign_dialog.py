"""Sign and save (issue 12 item 5): a readable summary with the JSON one disclosure further and
nothing overlapping; the passphrase checked before a timestamp is asked for; errors as
sentences; unanswered questions listed with "Answer now"; "Open the folder" works or says why.
"""

from __future__ import annotations

import errno
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from readiness.gui import open_things, signing_adapter
from readiness.gui.main_window import MainWindow
from readiness.gui.sign_dialog import SignDialog
from readiness.settings import Settings
from readiness.signing import keys
from readiness.signing.errors import SigningError
from tests.gui.conftest import MakeWindow
from tests.keychain import PASSPHRASE

Ready = tuple[MainWindow, Path]


@pytest.fixture
def ready(qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path,
          tmp_path: Path) -> Ready:
    keys.init_key("Alex Example", "BACP 000000", passphrase=PASSPHRASE)
    window = make_window(handmade_replay, settings=Settings(first_run_done=True))
    with qtbot.waitSignal(window.check_page.run_finished, timeout=20_000):
        window.check_page.run_all()
    return window, tmp_path / "Checklists"


def _dialog(window: MainWindow, out: Path, passphrase: str = PASSPHRASE) -> SignDialog:
    dialog = window.open_sign_dialog()
    assert dialog is not None
    dialog.folder.setText(str(out))
    dialog.passphrase.setText(passphrase)
    return dialog


def overlaps(root: QWidget) -> list[str]:
    """Visible sibling widgets whose rectangles intersect (neither contains the other)."""
    found = []
    for parent in [root, *root.findChildren(QWidget)]:
        kids = [w for w in parent.children() if isinstance(w, QWidget) and w.isVisible()
                and not w.isWindow()]
        for i, a in enumerate(kids):
            for b in kids[i + 1:]:
                ga, gb = a.geometry(), b.geometry()
                if ga.intersects(gb) and not (ga.contains(gb) or gb.contains(ga)):
                    found.append(f"{a.objectName() or type(a).__name__} / "
                                 f"{b.objectName() or type(b).__name__}")
    return found


def test_the_summary_is_words_and_the_json_is_one_disclosure_further(
        qtbot: QtBot, ready: Ready) -> None:
    window, out = ready
    dialog = _dialog(window, out)
    text = dialog.intro.text()
    for words in ("Not ready", "Alex Example (registration BACP 000000)",
                  "Needs attention", "The firewall is switched on",
                  "never contains client information", "not answered yet"):
        assert words in text, words
    assert "{" not in text and "predicate" not in text and "_" not in dialog.intro.text()
    assert not dialog.preview.isVisible()
    dialog.preview_toggle.click()
    assert dialog.preview.isVisible()
    assert json.loads(dialog.preview.toPlainText())["predicate"]["verdict"] == "not_ready"
    dialog.close()


@pytest.mark.parametrize("size", [(560, 420), (1024, 700), (1600, 1000)])
def test_nothing_overlaps_with_the_statement_open(qtbot: QtBot, ready: Ready,
                                                  size: tuple[int, int]) -> None:
    window, out = ready
    dialog = _dialog(window, out)
    dialog.resize(*size)
    dialog.preview_toggle.click()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    assert overlaps(dialog) == []
    # The controls below the scrolling summary keep their height.
    assert dialog.passphrase.height() >= dialog.passphrase.sizeHint().height() - 2
    assert dialog.sign_button.geometry().bottom() <= dialog.height()
    dialog.close()


def test_a_wrong_passphrase_is_said_before_any_timestamp_is_asked_for(
        qtbot: QtBot, ready: Ready, monkeypatch: pytest.MonkeyPatch) -> None:
    window, out = ready
    window.apply_settings(window.settings.with_changes(trusted_timestamps=True))
    seen: list[str] = []
    signed: list[Any] = []
    release = threading.Event()
    real_check = signing_adapter.check_key

    def slow_check(passphrase: str | None) -> None:
        release.wait(10)
        real_check(passphrase)

    monkeypatch.setattr(signing_adapter, "check_key", slow_check)
    monkeypatch.setattr(signing_adapter, "sign", lambda *a, **k: signed.append(a))
    dialog = _dialog(window, out, passphrase="not the passphrase at all")
    dialog.sign_button.click()
    seen.append(dialog.status.text())
    release.set()
    qtbot.waitUntil(lambda: "does not unlock" in dialog.status.text(), timeout=30_000)
    seen.append(dialog.status.text())
    assert seen[0] == "Checking your passphrase…"
    assert all("timestamp" not in s for s in seen)
    assert signed == []  # nothing signed, nothing sent
    assert seen[-1].endswith("Nothing was saved.")
    assert dialog.sign_button.isEnabled()
    dialog.close()


def test_an_empty_passphrase_is_asked_for_without_starting(qtbot: QtBot, ready: Ready) -> None:
    window, out = ready
    dialog = _dialog(window, out, passphrase="")
    assert dialog.sign() is False
    assert dialog.status.text() == "Enter the passphrase that protects your signing key."
    assert not dialog.busy
    dialog.close()


def test_the_timestamp_is_asked_for_only_after_the_check(
        qtbot: QtBot, ready: Ready, monkeypatch: pytest.MonkeyPatch) -> None:
    window, out = ready
    window.apply_settings(window.settings.with_changes(trusted_timestamps=True))
    order: list[str] = []
    monkeypatch.setattr(signing_adapter, "check_key", lambda p: order.append("check"))
    dialog = _dialog(window, out)

    def sign(*args: Any, **kwargs: Any) -> Any:
        order.append("sign:" + dialog.status.text())
        raise SigningError("the timestamp service said no (readiness timestamp retry)")

    monkeypatch.setattr(signing_adapter, "sign", sign)
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.status.text(), timeout=30_000)
    assert order == ["check", "sign:Signing and asking for a trusted timestamp…"]
    assert dialog.status.text() == ("The timestamp service said no. Nothing was saved.")
    dialog.close()


@pytest.mark.parametrize(("exc", "words", "never"), [
    (PermissionError(errno.EACCES, "Permission denied"), "do not have permission",
     ("Errno", "Permission denied")),
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full", ("Errno",)),
    (RuntimeError("boom at line 3"), "unexpected problem", ("RuntimeError", "boom")),
    (SigningError("the key file is damaged; restore it (readiness keys restore)"),
     "The key file is damaged", ("readiness keys",)),
])
def test_errors_are_sentences(qtbot: QtBot, ready: Ready, monkeypatch: pytest.MonkeyPatch,
                              exc: BaseException, words: str, never: tuple[str, ...]) -> None:
    window, out = ready

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    monkeypatch.setattr(signing_adapter, "sign", fail)
    dialog = _dialog(window, out)
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.status.text(), timeout=30_000)
    text = dialog.status.text()
    assert words in text and text[0].isupper() and "Traceback" not in text
    assert not any(n in text for n in never), text
    dialog.close()


def test_unanswered_questions_are_listed_and_answer_now_goes_to_the_question(
        qtbot: QtBot, ready: Ready) -> None:
    window, out = ready
    report = window.check_page.report
    assert report is not None
    unanswered = [r for r in report.results if r.unanswered]
    assert unanswered  # nothing answered in a fresh home
    dialog = _dialog(window, out)
    listed = [dialog.unanswered.list.item(i).text()
              for i in range(dialog.unanswered.list.count())]
    assert listed == [r.title for r in unanswered]
    assert dialog.unanswered.isVisibleTo(dialog)
    assert f"{len(unanswered)} practice questions are not answered yet" in \
        dialog.unanswered.heading.text()
    dialog.unanswered.list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.answer_requested) as got:
        dialog.unanswered.answer_button.click()
    assert got.args == [unanswered[1].check_id]
    assert not dialog.isVisible()
    assert window.tabs.currentWidget() is window.check_page
    assert window.check_page._current_id() == unanswered[1].check_id


def test_no_list_when_everything_is_answered(qtbot: QtBot, ready: Ready) -> None:
    from dataclasses import replace

    window, _out = ready
    report = window.check_page.report
    assert report is not None
    answered = replace(report, results=tuple(r for r in report.results if not r.unanswered))
    dialog = SignDialog(answered, window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.unanswered.isHidden()


def test_open_the_folder_opens_it_or_says_why(qtbot: QtBot, ready: Ready,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window, out = ready
    asked: list[str] = []

    def launch(url: QUrl) -> bool:
        asked.append(url.toLocalFile())
        return True

    monkeypatch.setattr(open_things, "_launch", launch)
    dialog = _dialog(window, out)
    with qtbot.waitSignal(dialog.signed, timeout=60_000):
        dialog.sign_button.click()
    assert dialog.open_folder.isVisible()
    dialog.open_folder.click()
    assert asked == [str(out)]
    monkeypatch.setattr(open_things, "_launch", lambda url: False)
    dialog.open_folder.click()
    assert "no program set up to open folders" in dialog.status.text()
    assert str(out) in dialog.status.text()
    dialog.close()


def test_without_a_key_the_dialog_says_what_to_do(qtbot: QtBot, make_window: MakeWindow,
                                                  handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    with qtbot.waitSignal(window.check_page.run_finished, timeout=20_000):
        window.check_page.run_all()
    dialog = window.open_sign_dialog()
    assert dialog is not None
    assert not dialog.sign_button.isEnabled()
    assert "First-run setup" in dialog.status.text()
    assert not dialog.passphrase.isVisible() and not dialog.preview_toggle.isVisible()
    dialog.close()


@pytest.mark.parametrize(("raw", "said"), [
    ("no signing key has been set up yet; create one first (readiness keys init)",
     "No signing key has been set up yet; create one first."),
    ("the key secret is missing. Restore it from your backup file: readiness keys restore",
     "The key secret is missing. Restore it from your backup file."),
    ("readiness could not read the history", "Readiness could not read the history."),
])
def test_command_line_wording_becomes_a_sentence(raw: str, said: str) -> None:
    from readiness.gui.sign_errors import sentence

    assert sentence(raw) == said
