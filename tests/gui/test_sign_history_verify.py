"""Sign and save, History and Verify, through the real signing code with a test key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness import settings as settings_mod
from readiness.gui import signing_adapter
from readiness.gui.main_window import MainWindow
from readiness.gui.sign_dialog import SignDialog
from readiness.settings import Settings
from readiness.signing import keys
from tests.gui.conftest import MakeWindow
from tests.keychain import PASSPHRASE

SignedWindow = tuple[MainWindow, Path]  # the window after a run, and a folder to save into


@pytest.fixture
def signed_window(qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path,
                  tmp_path: Path) -> SignedWindow:
    keys.init_key("Alex Example", "BACP 000000", passphrase=PASSPHRASE)
    out = tmp_path / "Checklists"
    window = make_window(handmade_replay, settings=Settings(first_run_done=True))
    page = window.check_page
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        page.run_all()
    return window, out


def sign_once(qtbot: QtBot, window: MainWindow, out: Path,
              passphrase: str = PASSPHRASE) -> SignDialog:
    dialog = window.open_sign_dialog()
    assert dialog is not None
    dialog.folder.setText(str(out))
    assert dialog.passphrase.isVisibleTo(dialog)  # no keychain in tests
    qtbot.keyClicks(dialog.passphrase, passphrase)
    return dialog


def test_sign_and_save_writes_both_files_and_remembers_the_folder(
        qtbot: QtBot, signed_window: SignedWindow) -> None:
    window, out = signed_window
    dialog = sign_once(qtbot, window, out)
    preview = json.loads(dialog.preview.toPlainText())
    assert preview["predicate"]["verdict"] == "not_ready"  # the firewall fails
    assert "never contains client information" in dialog.intro.text()
    assert "replayed" in dialog.intro.text()
    assert "Trusted timestamps are off" in dialog.timestamp_note.text()
    with qtbot.waitSignal(dialog.signed, timeout=60_000) as got:
        dialog.sign_button.click()
    signed = got.args[0]
    assert Path(signed.pdf_path).parent == out and Path(signed.pdf_path).is_file()
    assert Path(signed.bundle_path).is_file()
    assert "No trusted timestamp" in dialog.status.text()
    assert dialog.open_folder.isVisible()
    assert settings_mod.load().output_folder == str(out)
    dialog.close()


def test_wrong_passphrase_is_said_plainly_and_nothing_is_saved(qtbot: QtBot,
                                                               signed_window: SignedWindow) -> None:
    window, out = signed_window
    dialog = sign_once(qtbot, window, out, passphrase="not the passphrase at all")
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.status.text(), timeout=60_000)
    assert dialog.sign_button.isEnabled()
    assert not list(out.glob("*.pdf"))
    dialog.close()


def test_offline_timestamp_is_queued_and_said_so(qtbot: QtBot, signed_window: SignedWindow,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window, out = signed_window
    window.apply_settings(window.settings.with_changes(trusted_timestamps=True))
    real_sign = signing_adapter.sign

    def offline_sign(*args, **kwargs):  # type: ignore[no-untyped-def]
        from readiness.signing import checklist

        # A closed local port: the timestamp service cannot be reached, as when offline.
        return checklist.sign_report(*args, tsa_urls=["http://127.0.0.1:9/"], **kwargs)

    monkeypatch.setattr(signing_adapter, "sign", offline_sign)
    dialog = sign_once(qtbot, window, out)
    assert "Only a fingerprint (hash)" in dialog.timestamp_note.text()
    with qtbot.waitSignal(dialog.signed, timeout=60_000) as got:
        dialog.sign_button.click()
    assert got.args[0].timestamp_queued
    assert "queued" in dialog.status.text() and "offline" in dialog.status.text()
    dialog.close()
    assert real_sign is not offline_sign


def test_history_lists_signed_checklists_and_reexports(qtbot: QtBot, signed_window: SignedWindow,
                                                       tmp_path: Path) -> None:
    window, out = signed_window
    history = window.history_page
    history.refresh()
    assert history.model.rowCount() == 0 and history.empty.isVisibleTo(history)
    dialog = sign_once(qtbot, window, out)
    with qtbot.waitSignal(dialog.signed, timeout=60_000):
        dialog.sign_button.click()
    dialog.close()
    window.tabs.setCurrentIndex(1)  # refreshes on show
    assert history.model.rowCount() == 1
    assert history.model.item(0, 1).text() == "Not ready"
    assert history.model.item(0, 2).text() == "No"
    assert [p.verdict for p in history.chart.points] == ["not_ready"]
    copies = history.reexport(history.selected(), tmp_path)
    assert sorted(p.name for p in copies) == sorted(
        [Path(history.selected().pdf_path).name, Path(history.selected().bundle_path).name])
    # Verify from History goes to the Verify screen with the file.
    with qtbot.waitSignal(window.verify_page.verified, timeout=60_000):
        history.verify_button.click()
    assert window.tabs.currentIndex() == 2
    # The reminder stays quiet right after signing.
    window.apply_settings(window.settings.with_changes(reminder_days=30))
    assert not window.check_reminder(notify=False)


def test_reminder_banner_when_no_checklist_yet(qtbot: QtBot, make_window: MakeWindow,
                                               handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings(first_run_done=True,
                                                            reminder_days=30))
    assert window.check_reminder(notify=False)
    assert window.reminder.isVisibleTo(window)
    window.apply_settings(window.settings.with_changes(reminder_days=0))
    assert not window.check_reminder(notify=False)


def find_payload(node: object) -> str:
    """The DSSE envelope's payload, wherever the bundle keeps it."""
    if isinstance(node, dict):
        if isinstance(node.get("payload"), str) and "payloadType" in node:
            return str(node["payload"])
        for value in node.values():
            found = find_payload(value)
            if found:
                return found
    if isinstance(node, list):
        for value in node:
            found = find_payload(value)
            if found:
                return found
    return ""


def test_verify_a_good_and_a_tampered_file(qtbot: QtBot, signed_window: SignedWindow,
                                           tmp_path: Path) -> None:
    window, out = signed_window
    dialog = sign_once(qtbot, window, out)
    with qtbot.waitSignal(dialog.signed, timeout=60_000) as got:
        dialog.sign_button.click()
    dialog.close()
    bundle = Path(got.args[0].bundle_path)
    tampered = tmp_path / "tampered" / bundle.name
    tampered.parent.mkdir()
    doc = json.loads(bundle.read_text(encoding="utf-8"))
    text = json.dumps(doc)
    # Flip one character of the signed payload (base64), as an editor would.
    payload = find_payload(doc)
    flipped = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    tampered.write_text(text.replace(payload, flipped), encoding="utf-8")

    page = window.verify_page
    page.refresh_signers()
    assert "Alex Example" in page.signers.text()
    with qtbot.waitSignal(page.verified, timeout=60_000):
        assert page.verify([str(bundle), str(tampered)])
    assert page.model.rowCount() == 2
    words = sorted(page.model.item(r, 1).text() for r in range(2))
    assert words == ["Changed", "Valid"]
    good_row = next(r for r in range(2) if page.model.item(r, 1).text() == "Valid")
    assert page.model.item(good_row, 2).text() == "Alex Example"
    assert page.model.item(good_row, 4).text() == "Not ready (replayed from a snapshot)"
    assert "(signer's clock)" in page.model.item(good_row, 3).text()
    page.table.selectRow(1 - good_row)
    assert page.banner.title.text().endswith("do not rely on this file")
    assert "Results" not in page.details.toPlainText()
    assert page.summary.text() == "1 of 2 files verified. Changed: 1."
    # A folder: what is not a checklist is named, never skipped silently.
    (tampered.parent / "notes.txt").write_text("notes", encoding="utf-8")
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)  # the first run's thread ends
    with qtbot.waitSignal(page.verified, timeout=60_000):
        assert page.verify([str(tampered.parent)])
    assert page.summary.text() == ("0 of 1 files verified. Changed: 1. Not looked at "
                                   "(not checklists): notes.txt")


def test_adding_a_bad_key_card_is_a_friendly_error(qtbot: QtBot, make_window: MakeWindow,
                                                   handmade_replay: Path, tmp_path: Path) -> None:
    window = make_window(handmade_replay)
    junk = tmp_path / "not-a-key.pub"
    junk.write_text("hello", encoding="utf-8")
    with qtbot.waitSignal(window.verify_page.error, timeout=5_000):
        assert not window.verify_page.add_signer(junk, "Someone")
    assert window.last_error is not None
