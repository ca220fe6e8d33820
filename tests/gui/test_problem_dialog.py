"""'This result is wrong' in the app (issue 13, item 7): offered for machine checks only; the
check runs again off the GUI thread; what will be saved is shown before saving."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.conftest import MakeWindow
from tests.gui.test_check_page import run_and_wait


def test_report_a_wrong_result(qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path,
                               tmp_path: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    page.select("headphones")
    assert not page.detail.wrong.isVisibleTo(page.detail), "not for the practitioner's answers"
    page.select("firewall_on")
    assert page.detail.wrong.isVisibleTo(page.detail)
    page.detail.wrong.click()
    dialog = page.problem_dialog
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.description, "ufw is on but it says off")
    dialog.prepare.click()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=20_000)
    assert '"format": "readiness-snapshot/' in dialog.preview.toPlainText()
    out = tmp_path / "p.zip"
    assert dialog.save_to(out)
    assert "Nothing was sent" in dialog.state.text()
    with zipfile.ZipFile(out) as z:
        assert "ufw is on" in z.read("description.txt").decode()
    assert not dialog.save_to(out) and "already exists" in dialog.state.text()
    dialog.close()


def test_contact_details_are_refused_in_a_sentence(qtbot: QtBot, make_window: MakeWindow,
                                                  handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    page.select("firewall_on")
    page.detail.wrong.click()
    dialog = page.problem_dialog
    qtbot.keyClicks(dialog.description, "ring 07700 900123")
    dialog.prepare.click()
    qtbot.waitUntil(lambda: "phone number" in dialog.state.text(), timeout=20_000)
    assert dialog.state.text()[0].isupper() and not dialog.save_button.isEnabled()
    dialog.close()


def test_an_edited_note_withdraws_the_prepared_file(qtbot: QtBot, tmp_path: Path) -> None:
    from readiness.gui.problem_dialog import ProblemDialog

    replay = (Path(__file__).resolve().parents[1] / "fixtures" / "snapshots" / "firewall_on"
              / "linux_ufw_status_verbose_deny_incoming")
    dialog = ProblemDialog("firewall_on", "Firewall", str(replay))
    qtbot.addWidget(dialog)
    dialog.description.setText("it said off after the 3pm session")
    dialog.prepare.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20_000)
    assert dialog.preview.toPlainText().startswith("Your note: it said off after the 3pm")
    dialog.description.setText("it says the firewall is off but ufw is on")
    assert not dialog.save_button.isEnabled() and not dialog.preview.toPlainText()
    assert "prepare the file again" in dialog.state.text()
    dialog.prepare.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20_000)
    out = tmp_path / "report.zip"
    assert dialog.save_to(out)
    with zipfile.ZipFile(out) as z:
        assert z.read("description.txt").decode() == "it says the firewall is off but ufw is on\n"
    dialog.close()
