"""Quick mode hands its results to the full app (one window, no second run), and each row
that needs attention has one action: fix it in the full app (issue 12, should)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readiness.gui.app import hand_over, make_factory
from readiness.gui.quick import QuickWindow


def test_open_the_full_app_takes_the_quick_results(qtbot: QtBot, handmade_replay: Path) -> None:
    chosen: list[str | None] = []
    quick = QuickWindow(make_factory(str(handmade_replay)), str(handmade_replay),
                        open_full=chosen.append)
    qtbot.addWidget(quick)
    quick.show()
    with qtbot.waitSignal(quick.run_finished, timeout=20_000):
        assert quick.start()
    assert quick.items.spacing() > 0
    first = quick.items.item(0)
    quick.items.itemActivated.emit(first)
    assert chosen == [first.data(Qt.ItemDataRole.UserRole)] and chosen[0]

    window = hand_over(quick, str(handmade_replay), "firewall_on")
    qtbot.addWidget(window)
    try:
        page = window.check_page
        assert page.report is quick.report, "the same results, not a second run"
        assert not page.busy
        assert page.detail.check_id == "firewall_on"
        assert page.sign_button.isEnabled()
        assert not quick.isVisible()
    finally:
        page.shutdown()
        window.verify_page.shutdown()


def test_the_session_items_start_and_are_listed_first(qtbot: QtBot, handmade_replay: Path) -> None:
    from readiness.gui.quick import SESSION_FIRST, session_first

    factory = make_factory(str(handmade_replay))
    started: list[list[str]] = []

    def spying(only: object) -> object:
        runner = factory(None)
        original = runner.run

        def run(on_result: object = None) -> object:
            started.append([c.id for c in runner.checks])
            return original(on_result)  # type: ignore[arg-type]

        runner.run = run  # type: ignore[method-assign,assignment]
        return runner

    quick = QuickWindow(spying, str(handmade_replay))  # type: ignore[arg-type]
    qtbot.addWidget(quick)
    with qtbot.waitSignal(quick.run_finished, timeout=20_000):
        assert quick.start()
    order = started[0]
    present = [i for i in SESSION_FIRST if i in order]
    assert order[:len(present)] == present
    assert quick.report is not None
    status = {r.check_id: r.status.rank for r in quick.report.results}
    listed = [quick.items.item(i).data(Qt.ItemDataRole.UserRole)
              for i in range(quick.items.count())]
    keys = [(-status[i], session_first(i)) for i in listed if i]
    assert keys == sorted(keys), "most severe first; among equals, the session's items first"
