"""History: the chart tells apart several checklists on one day and reads with 1 and with 50
points; the timestamp column says "queued" while a timestamp waits (issue 12, should)."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from readiness.gui.history_page import HistoryPage
from readiness.gui.verdict_chart import MAX_SHOWN, Point, VerdictChart, point_labels


def test_labels_add_the_time_only_where_a_day_has_several() -> None:
    pts = [Point("1 Dec", "ready", "09:00"), Point("2 Dec", "not_ready", "09:10"),
           Point("2 Dec", "ready", "09:40")]
    assert point_labels(pts) == ["1 Dec", "2 Dec 09:10", "2 Dec 09:40"]


def _render(qtbot: QtBot, n: int, name: str) -> VerdictChart:
    chart = VerdictChart()
    qtbot.addWidget(chart)
    chart.resize(600, 160)
    verdicts = ("ready", "ready_with_cautions", "not_ready")
    chart.set_points([Point(f"{1 + i // 3} Nov", verdicts[i % 3], f"1{i % 3}:00")
                      for i in range(n)])
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    chart.render(image)
    if shots := os.environ.get("READINESS_SHOTS"):
        image.save(str(Path(shots) / name))
    return chart


def test_one_and_fifty_points_render(qtbot: QtBot) -> None:
    one = _render(qtbot, 1, "chart-1.png")
    assert "1 Nov" in one.accessibleDescription()
    fifty = _render(qtbot, 50, "chart-50.png")
    assert len(fifty.points) == 50 and MAX_SHOWN < 50
    # Several on one day are told apart by their time in what a screen reader says.
    assert "17 Nov 10:00" in fifty.accessibleDescription()


def test_queued_timestamp_is_said(qtbot: QtBot) -> None:
    page = HistoryPage()
    qtbot.addWidget(page)
    queued = SimpleNamespace(timestamped=False, timestamp_queued=True)
    assert page._stamp_state(queued).startswith("Queued")
    assert page._stamp_state(SimpleNamespace(timestamped=True)) == "Yes"
    assert page._stamp_state(SimpleNamespace(timestamped=False)) == "No"
