"""The quick window's rows are tall enough for their wrapped text at any width: a row measured
before a scroll bar narrowed the list showed its second line cut short (issue 12, layout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from readiness.gui.app import make_factory
from readiness.gui.quick import QuickWindow


@pytest.mark.parametrize(("width", "then"), [(420, None), (560, None), (900, None),
                                             (900, 420)])  # narrowed after filling (a WM)
def test_every_row_has_room_for_its_wrapped_text(qtbot: QtBot, handmade_replay: Path,
                                                 width: int, then: int | None) -> None:
    quick = QuickWindow(make_factory(str(handmade_replay)), str(handmade_replay))
    qtbot.addWidget(quick)
    quick.resize(width, 480)
    quick.show()
    with qtbot.waitSignal(quick.run_finished, timeout=20_000):
        assert quick.start()
    items = quick.items
    qtbot.wait(50)  # the deferred re-measure after filling
    if then is not None:
        quick.resize(then, 480)
        qtbot.wait(100)
    metrics = items.fontMetrics()
    for row in range(items.count()):
        item = items.item(row)
        # The text's room: the row less its icon and the style's small margins.
        text_width = items.visualItemRect(item).width() - items.iconSize().width() - 12
        needed = metrics.boundingRect(QRect(0, 0, text_width, 10_000),
                                      int(Qt.TextFlag.TextWordWrap), item.text()).height()
        got = items.visualItemRect(item).height()
        assert got >= needed, (row, got, needed, item.text())
        # Measured by the window for the width it has now, not left to the list's own first
        # measure (which, in a real window, cut the first row short).
        hint = item.sizeHint()
        assert hint.isValid() and abs(hint.width() - items.viewport().width()) <= 2 * 4 + 2
    quick.controller.shutdown()
