"""Every screen at 1024x700 and 1600x1000: no overlapping or clipped controls, unique
Alt-shortcuts, no literal "&" (issue 12, item 10). Screenshots land in READINESS_SHOTS when
that is set, for people to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness.gui.main_window import TAB_CHECK, TAB_HISTORY, TAB_VERIFY, MainWindow
from tests.gui import layout_checks
from tests.gui.conftest import MakeWindow
from tests.gui.test_check_page import run_and_wait

SIZES = [(1024, 700), (1600, 1000)]
SCREENS = [("check-first-failing", TAB_CHECK, "firewall_on"),
           ("check-backup-channel", TAB_CHECK, "backup_channel"),
           ("check-practice-question", TAB_CHECK, "headphones"),
           ("history", TAB_HISTORY, None), ("verify", TAB_VERIFY, None)]


def _show(qtbot: QtBot, window: MainWindow, size: tuple[int, int], tab: int,
          item: str | None) -> None:
    window.resize(*size)
    window.tabs.setCurrentIndex(tab)
    if item:
        window.check_page.select(item)
    QApplication.processEvents()
    qtbot.wait(50)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_lays_out_cleanly(qtbot: QtBot, make_window: MakeWindow,
                                       handmade_replay: Path, size: tuple[int, int]) -> None:
    window = make_window(handmade_replay)
    window.show()
    qtbot.waitExposed(window)
    run_and_wait(qtbot, window.check_page)
    problems: list[str] = []
    shots = os.environ.get("READINESS_SHOTS")
    for name, tab, item in SCREENS:
        _show(qtbot, window, size, tab, item)
        where = f"{name} at {size[0]}x{size[1]}"
        problems += [f"{where}: {p}" for p in layout_checks.overlaps(window)]
        problems += [f"{where}: clipped {p}" for p in layout_checks.clipped_texts(window)]
        problems += [f"{where}: {p}" for p in layout_checks.clashing_shortcuts(window)]
        problems += [f"{where}: literal & in {p!r}"
                     for p in layout_checks.literal_ampersands(window)]
        if shots:
            window.grab().save(str(Path(shots) / f"{name}-{size[0]}x{size[1]}.png"))
    assert not problems, "\n".join(problems)
