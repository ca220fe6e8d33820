"""Verify tells a supervisor the truth at a glance (issue 12, items 3 and 4): one banner per
file (valid, changed, signer not added), no results from a file that cannot be trusted, no
blank cells, adding a key card only after the fingerprint was compared, and renaming and
removing people, each followed by a fresh check of the files shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from readiness.gui.main_window import MainWindow
from readiness.gui.verify_banner import CHANGED, UNKNOWN_SIGNER, VALID
from readiness.gui.verify_page import VerifyPage
from readiness.signing import checklist, key_offer, keys, signers, verify_standing
from tests.gui.conftest import MakeWindow
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@dataclass
class Desk:
    good: Path
    changed: Path
    stranger: Path
    card: Path
    short: str
    stranger_card: Path


def _sign(home: Path, out: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.setenv("READINESS_HOME", str(home))
    info = keys.init_key(name, "BACP 012345")
    signed = checklist.sign_report(handmade_report(), out, catalogue=HANDMADE_CATALOGUE)
    return signed.pdf_path, info.fingerprint_ssh


@pytest.fixture
def desk(memory_keyring: MemoryKeyring, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> Desk:
    """Jane's checklist, a copy changed after signing, a stranger's checklist in Jane's name,
    and Jane's key card; then the supervisor's own (empty) profile."""
    good, fingerprint = _sign(tmp_path / "jane", tmp_path / "files", "Jane Doe", monkeypatch)
    card = keys.export_card(tmp_path / "card")[0]
    changed = tmp_path / "files" / "changed-after-signing.pdf"
    changed.write_bytes(good.read_bytes().replace(b"(Readiness)", b"(Readinesz)", 1))
    signed, _ = _sign(tmp_path / "stranger", tmp_path / "stranger-files", "Jane Doe",
                      monkeypatch)
    stranger = tmp_path / "files" / "from-a-stranger.pdf"  # a name of its own
    stranger.write_bytes(signed.read_bytes())
    stranger_card = keys.export_card(tmp_path / "stranger-card")[0]
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    from readiness.signing.pubkey import short_fingerprint

    return Desk(good, changed, stranger, card, short_fingerprint(fingerprint), stranger_card)


def _page(qtbot: QtBot, make_window: MakeWindow, replay: Path) -> tuple[MainWindow, VerifyPage]:
    window = make_window(replay)
    window.resize(1024, 700)
    window.show()
    window.tabs.setCurrentWidget(window.verify_page)
    return window, window.verify_page


def _check(qtbot: QtBot, page: VerifyPage, *paths: Path) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    with qtbot.waitSignal(page.verified, timeout=60_000):
        assert page.verify([str(p) for p in paths])


def _trust_jane(desk: Desk) -> None:
    key_offer.trust_offer(key_offer.read_offer(desk.card), "Jane Doe")


def _row_of(page: VerifyPage, path: Path) -> int:
    return next(r for r in range(page.model.rowCount())
                if page.model.item(r, 0).text() == path.name)


def test_states_match_the_library() -> None:
    from readiness.gui import verify_banner

    assert (set(verify_banner.TONE) - set(verify_banner.SCREEN_ONLY)
            == set(verify_standing.STATES))


def test_three_banners(qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path,
                       desk: Desk) -> None:
    _trust_jane(desk)
    _, page = _page(qtbot, make_window, handmade_replay)
    page.refresh_signers()
    _check(qtbot, page, desk.good, desk.changed, desk.stranger)
    assert [s.state for s in page.standings] == [VALID, CHANGED, UNKNOWN_SIGNER]
    words = [page.model.item(r, 1).text() for r in range(3)]
    assert words == ["Valid", "Changed", "Signer not added"]
    # Told apart without colour: different icons as well as words.
    keys_ = {page.model.item(r, 1).icon().cacheKey() for r in range(3)}
    assert len(keys_) == 3
    for r in range(3):  # no blank cell
        assert all(page.model.item(r, c).text().strip() for c in range(5))

    page.table.selectRow(_row_of(page, desk.good))
    assert page.banner.title.text() == "Signed by Jane Doe, unchanged"
    assert "Results" in page.details.toPlainText()
    assert desk.short in page.details.toPlainText()
    assert not page.banner.action.isVisibleTo(page)

    page.table.selectRow(_row_of(page, desk.changed))
    assert page.banner.title.text() == "Changed after signing — do not rely on this file"
    text = page.details.toPlainText()
    assert "Results" not in text and "firewall" not in text.lower()  # no results at all
    assert "cannot be trusted" in page.banner.detail.text()
    assert "altered" in page.banner.detail.text()  # and why

    page.table.selectRow(_row_of(page, desk.stranger))
    assert page.banner.title.text() == "Signed by someone you have not added"
    detail = page.banner.detail.text()
    assert "has not changed since it was signed" in detail
    # It claims the name of someone trusted: said plainly, as a warning.
    assert "It says it is from Jane Doe, whom you trust, but it was not signed with their " \
        "key" in detail
    assert "Unaltered" not in page.details.toPlainText()
    assert "Results" not in page.details.toPlainText()
    assert page.banner.action.isVisibleTo(page)
    assert page.banner.action.text() == "Add their &key card…"
    for widget_text in (page.banner.detail.text(), page.details.toPlainText(),
                        page.summary.text()):
        assert "readiness signers" not in widget_text and "readiness " not in widget_text


def test_columns_fit_their_contents(qtbot: QtBot, make_window: MakeWindow,
                                    handmade_replay: Path, desk: Desk) -> None:
    _trust_jane(desk)
    _, page = _page(qtbot, make_window, handmade_replay)
    _check(qtbot, page, desk.good, desk.changed, desk.stranger)
    for c in range(page.model.columnCount() - 1):
        assert page.table.columnWidth(c) >= page.table.sizeHintForColumn(c), c
    # A keyboard user lands on the results (the first row chosen), not on the button.
    assert page.table.hasFocus() or page.focusWidget() is page.table


def test_nobody_trusted_yet_says_so_without_commands(qtbot: QtBot, make_window: MakeWindow,
                                                     handmade_replay: Path, desk: Desk) -> None:
    _, page = _page(qtbot, make_window, handmade_replay)
    page.refresh_signers()
    _check(qtbot, page, desk.good)
    assert page.standings[0].state == UNKNOWN_SIGNER
    assert "not added anyone's key card yet" in page.banner.detail.text()
    assert "readiness" not in page.details.toPlainText().replace("readiness-", "")


def test_adding_a_key_card_asks_for_the_comparison(qtbot: QtBot, make_window: MakeWindow,
                                                   handmade_replay: Path, desk: Desk) -> None:
    _, page = _page(qtbot, make_window, handmade_replay)
    _check(qtbot, page, desk.good)
    dialog = page.add_key_card(desk.card)
    assert dialog is not None
    assert dialog.name.text() == "Jane Doe"  # from the card
    assert dialog.registration.text() == "BACP 012345"
    assert dialog.short.text() == desk.short
    assert not dialog.add_button.isEnabled()  # not before the comparison
    dialog.reject()
    assert signers.list_signers() == []  # cancel adds nothing

    dialog = page.add_key_card(desk.card)
    assert dialog is not None
    dialog.compared.setChecked(True)
    assert dialog.add_button.isEnabled()
    with qtbot.waitSignal(page.verified, timeout=60_000):  # the files shown, checked again
        dialog.add_button.click()
    assert [s.name for s in signers.list_signers()] == ["Jane Doe"]
    assert page.standings[0].state == VALID
    assert page.banner.title.text() == "Signed by Jane Doe, unchanged"


def test_the_banner_button_adds_the_signers_card(qtbot: QtBot, make_window: MakeWindow,
                                                 handmade_replay: Path, desk: Desk,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _, page = _page(qtbot, make_window, handmade_replay)
    _check(qtbot, page, desk.good, desk.card)
    page.table.selectRow(_row_of(page, desk.card))
    assert page.banner.title.text() == "This is a key card, not a checklist"
    page.banner.action.click()  # adds this very card, after the comparison
    assert page.key_dialog is not None and page.key_dialog.offer.name == "Jane Doe"
    page.key_dialog.reject()
    page.table.selectRow(_row_of(page, desk.good))
    chosen: list[str] = []

    def ask(*_args: object, **_kwargs: object) -> tuple[str, str]:
        chosen.append("asked")
        return "", ""

    monkeypatch.setattr("readiness.gui.verify_keys.QFileDialog.getOpenFileName", ask)
    page.banner.action.click()  # an unknown signer: asks for their card
    assert chosen == ["asked"]


def test_rename_and_remove_check_the_files_again(qtbot: QtBot, make_window: MakeWindow,
                                                 handmade_replay: Path, desk: Desk) -> None:
    _trust_jane(desk)
    _, page = _page(qtbot, make_window, handmade_replay)
    _check(qtbot, page, desk.good)
    dialog = page.open_signers_dialog()
    cells = [dialog.table.item(0, c) for c in range(2)]
    assert [c.text() if c else "" for c in cells] == ["Jane Doe", desk.short]
    with qtbot.waitSignal(page.verified, timeout=60_000):
        assert dialog.rename(dialog.people[0], "Jane Smith")
    assert page.banner.title.text() == "Signed by Jane Smith, unchanged"
    assert "Jane Smith" in page.signers.text()
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    with qtbot.waitSignal(page.verified, timeout=60_000):
        assert dialog.remove(dialog.people[0])
    assert dialog.table.rowCount() == 0
    assert page.standings[0].state == UNKNOWN_SIGNER
    assert "nobody" in page.signers.text()


def test_settings_shows_the_same_short_fingerprint(qtbot: QtBot, desk: Desk,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.gui.settings_dialog import SettingsDialog
    from readiness.settings import Settings

    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "jane"))  # the practitioner's side
    dialog = SettingsDialog(Settings(first_run_done=True))
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text() == desk.short


def test_the_dialogs_name_every_control(qtbot: QtBot, make_window: MakeWindow,
                                        handmade_replay: Path, desk: Desk) -> None:
    from tests.gui.controls import own_controls

    _trust_jane(desk)
    _, page = _page(qtbot, make_window, handmade_replay)
    for dialog in (page.add_key_card(desk.card), page.open_signers_dialog()):
        assert dialog is not None
        missing = [f"{type(w).__name__}:{getattr(w, 'text', lambda: '')()}"
                   for w in own_controls(dialog) if not w.accessibleName()]
        assert not missing, missing
        dialog.reject()


def test_a_trust_change_during_a_check_checks_again(qtbot: QtBot, make_window: MakeWindow,
                                                    handmade_replay: Path, desk: Desk,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from readiness.gui import signing_adapter

    _, page = _page(qtbot, make_window, handmade_replay)
    seen: list[str] = []
    page.verified.connect(lambda _r: seen.append(page.standings[0].state))
    started, go = threading.Event(), threading.Event()
    real = signing_adapter.verify_run

    def held(paths: list[Path]) -> object:
        run = real(paths)  # against the list as it was: nobody trusted
        started.set()
        go.wait(30)
        return run

    monkeypatch.setattr(signing_adapter, "verify_run", held)
    assert page.verify([str(desk.good)])
    assert started.wait(30)
    _trust_jane(desk)
    page.trust_changed()  # while the first check runs
    go.set()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=60_000)
    # Never judged against a list it was not verified with (that would say "changed").
    assert seen == [VALID, VALID]
    assert page.banner.title.text() == "Signed by Jane Doe, unchanged"


def test_a_second_key_under_a_trusted_name_is_warned_about(qtbot: QtBot, make_window: MakeWindow,
                                                           handmade_replay: Path,
                                                           desk: Desk) -> None:
    _trust_jane(desk)
    _, page = _page(qtbot, make_window, handmade_replay)
    dialog = page.add_key_card(desk.stranger_card)
    assert dialog is not None and dialog.name.text() == "Jane Doe"
    assert dialog.twin.isVisibleTo(dialog)
    assert "You already trust someone called Jane Doe" in dialog.twin.text()
    dialog.name.setText("Jane Doe (second practice)")
    assert not dialog.twin.isVisibleTo(dialog)
    dialog.reject()
    assert [s.name for s in signers.list_signers()] == ["Jane Doe"]
