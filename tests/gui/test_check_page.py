"""The Check screen over a replayed snapshot: live results, details, fix steps, attestations."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness import catalogue as catalogue_mod
from readiness import profile
from readiness.gui import system_settings
from readiness.gui.check_page import CheckPage
from readiness.gui.results_model import COL_STATUS, COL_SUMMARY
from readiness.model import Status
from tests.gui.conftest import MakeWindow, SlowHost, handmade_snapshot, write_snapshot
from tests.gui.controls import own_controls

OS_NAMES = {"windows": "Windows", "macos": "macOS", "linux": "Linux"}


def run_and_wait(qtbot: QtBot, page: CheckPage) -> None:
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        assert page.run_all()


def test_run_streams_results_into_grouped_rows(qtbot: QtBot, make_window: MakeWindow,
                                               handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    streamed: list[str] = []
    page.controller.result.connect(lambda r: streamed.append(r.check_id))
    assert not page.sign_button.isEnabled()
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        page.run_all()
        assert page.progress.isVisible() or page.busy
        assert not page.run_button.isEnabled()
    assert len(streamed) == len(page.model.check_ids())
    # Grouped: the top-level rows are the groups, in the agreed order.
    groups = [page.model.item(i, 0).text() for i in range(page.model.rowCount())]
    assert groups[0] in ("This computer", "Network")
    assert groups[-1] == "Practice arrangements"
    status = page.model.index_for("firewall_on", COL_STATUS)
    assert status.data() == "Fail"
    assert "No firewall" in page.model.index_for("firewall_on", COL_SUMMARY).data()
    # Unanswered attestations can never pass; the verdict follows the failing firewall.
    assert page.banner.verdict_key == "not_ready"
    assert page.banner.word.text() == "Not ready"
    assert page.sign_button.isEnabled()
    assert page.report is not None and page.report.replayed_from == str(handmade_replay)


@pytest.mark.parametrize("os_key", ["windows", "macos", "linux"])
def test_failing_item_shows_found_why_and_numbered_steps_for_its_os(qtbot: QtBot,
                                                                    make_window: MakeWindow,
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    os_key: str) -> None:
    replay = write_snapshot(tmp_path / f"handmade-{os_key}", handmade_snapshot(os_key))
    window = make_window(replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    page.select("firewall_on")
    detail = page.detail
    result = page.model.result("firewall_on")
    assert result is not None
    # Nothing in an empty snapshot may pass; Linux's handmade snapshot fails outright.
    assert result.status in ((Status.FAIL,) if os_key == "linux"
                             else (Status.FAIL, Status.UNKNOWN))
    assert detail.found.text() == result.summary
    entry = catalogue_mod.load().entry("firewall_on")
    assert detail.why.text() == entry.why
    assert "GPiA 047 §4" in detail.sections.text()
    assert detail.fix_heading.text() == f"How to fix it on {OS_NAMES[os_key]}"
    steps = entry.steps_for(os_key)
    assert steps and list(result.remediation) == list(steps)
    for step in steps:
        assert html.escape(step) in detail.steps.text()
    assert detail.steps.text().count("<li") == len(steps)
    # The evidence is behind a disclosure.
    assert not detail.evidence.isVisibleTo(detail)
    detail.evidence_toggle.click()
    assert detail.evidence.isVisibleTo(detail)
    if os_key == "linux":
        assert "systemctl is-active ufw.service" in detail.evidence.toPlainText()
    # Open settings goes to the catalogue's link for this OS (recorded, not opened).
    opened: list[dict[str, object]] = []

    def record(setting: Mapping[str, object]) -> bool:
        opened.append(dict(setting))
        return True

    monkeypatch.setattr(system_settings, "open_setting", record)
    expected = [s for s in entry.settings_for(os_key) if system_settings.applicable(s)]
    assert [b.text() for b in detail.settings_buttons] == [s["label"] for s in expected]
    if detail.settings_buttons:
        detail.settings_buttons[0].click()
        assert opened == [dict(expected[0])]


def test_open_settings_failure_is_a_friendly_error(qtbot: QtBot, make_window: MakeWindow,
                                                   handmade_replay: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    # A button for a program that is installed (here, whether or not it is) the system refuses.
    monkeypatch.setattr(system_settings, "applicable", lambda s: True)
    page.select("firewall_on")
    monkeypatch.setattr(system_settings, "open_setting", lambda s: False)
    with qtbot.waitSignal(page.error, timeout=2_000):
        page.detail.settings_buttons[0].click()
    assert window.last_error is not None
    assert window.last_error.windowTitle() == "Could not open settings"


def test_check_again_reruns_one_item(qtbot: QtBot, make_window: MakeWindow,
                                     handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    page.select("firewall_on")
    before = page.report
    seen: list[str] = []
    page.controller.result.connect(lambda r: seen.append(r.check_id))
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        page.detail.recheck.click()
    assert seen == ["firewall_on"]
    assert page.report is not None and before is not None
    assert [r.check_id for r in page.report.results] == [r.check_id for r in before.results]
    # The core merged it: the other items keep their own times, the re-checked one is new.
    kept = {r.check_id: r for r in before.results}
    for r in page.report.results:
        if r.check_id != "firewall_on":
            assert r is kept[r.check_id]
    assert page.report.replayed_from == before.replayed_from


def test_answering_an_attestation_saves_and_rechecks(qtbot: QtBot, make_window: MakeWindow,
                                                     handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    run_and_wait(qtbot, page)
    page.select("private_space")
    form = page.detail.form
    assert form.isVisibleTo(page.detail)
    assert page.detail.attested_note.isVisibleTo(page.detail)
    before = page.model.result("private_space")
    assert before is not None and before.status is Status.UNKNOWN
    # Not applicable needs a reason before it can be saved.
    form.na.click()
    assert not form.save_button.isEnabled()
    qtbot.keyClicks(form.reason, "I only work by telephone from a closed office")
    assert form.save_button.isEnabled()
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        form.save_button.click()
    saved = profile.attestations()["private_space"]
    assert saved["answer"] == "not_applicable"
    assert saved["reason"].startswith("I only work")
    after = page.model.result("private_space")
    assert after is not None and after.status is Status.NOT_APPLICABLE
    # And "yes" passes, labelled as the practitioner's statement.
    page.select("headphones")
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        page.detail.form.yes.click()
        page.detail.form.save_button.click()
    headphones = page.model.result("headphones")
    assert headphones is not None and headphones.status is Status.PASS and headphones.attested
    assert page.model.index_for("headphones", 1).data().endswith("(you state this)")


def test_backup_channel_form_saves_its_fields(qtbot: QtBot) -> None:
    from readiness.gui.attestation_form import BackupChannelForm

    form = BackupChannelForm()
    qtbot.addWidget(form)
    form.load(None)
    form.channel.setCurrentIndex(form.channel.findData("sms"))
    qtbot.keyClicks(form.description, "my work mobile")
    form.clients_told.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=2_000):
        form.save_button.click()
    saved = profile.attestations()["backup_channel"]
    assert saved["channel"] == "sms"
    assert saved["description"] == "my work mobile"
    assert saved["clients_told"] is True
    # Not answered: left to the check's cautious default, never recorded as "independent".
    assert "same_connection" not in saved
    # Not tried: recorded as such, never as a date filled in for the practitioner.
    assert saved["last_tried"] == "never"

    form.tried.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=2_000):
        form.save_button.click()
    assert len(profile.attestations()["backup_channel"]["last_tried"]) == 10

    form.same_connection.setCurrentIndex(form.same_connection.findData(False))
    with qtbot.waitSignal(form.saved, timeout=2_000):
        form.save_button.click()
    assert profile.attestations()["backup_channel"]["same_connection"] is False
    form.load(profile.attestations()["backup_channel"])
    assert form.same_connection.currentData() is False


def test_every_control_has_an_accessible_name(qtbot: QtBot, make_window: MakeWindow,
                                              handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    run_and_wait(qtbot, window.check_page)
    window.check_page.select("private_space")
    missing = [
        f"{type(w).__name__}:{w.objectName() or getattr(w, 'text', lambda: '')()}"
        for w in own_controls(window) if not w.accessibleName() and w.window() is window
    ]
    assert not missing, missing


def test_cancel_on_close_joins_the_thread(qtbot: QtBot, make_window: MakeWindow,
                                          slow_hosts: list[SlowHost]) -> None:
    from readiness.engine import make_runner

    host = SlowHost(handmade_snapshot("linux"), delay=60)
    slow_hosts.append(host)
    window = make_window(None, factory=lambda only: make_runner(host=host, only=only))
    window.show()
    window.check_page.run_all()
    qtbot.waitUntil(lambda: host.calls >= 1, timeout=5_000)
    window.close()
    # Closed while a probe was still waiting out its 60 s: the run was cancelled, not waited
    # for, and its thread is gone.
    assert not host.release.is_set()
    assert not window.check_page.busy


def test_group_tiles_show_each_groups_worst_and_go_to_it(qtbot: QtBot, make_window: MakeWindow,
                                                         handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    page = window.check_page
    tiles = page.tiles.tiles
    assert set(tiles) >= {"this_computer", "network", "practice"}
    assert all("Not checked yet" in t.text() for t in tiles.values())
    run_and_wait(qtbot, page)
    network = tiles["network"]
    assert "need" in network.text() and network.isEnabled()
    network.click()
    result = page.model.result(page.detail.check_id)
    assert result is not None and result.status.rank > Status.PASS.rank
    assert page.catalogue.entry(page.detail.check_id).group == "network"
