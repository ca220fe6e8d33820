"""A small verdict-over-time chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

Each signed checklist is a point on one of three levels; the point is the status icon itself,
so the chart reads without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from readiness.gui.status import verdict_icon, verdict_word

LEVELS = ("not_ready", "ready_with_cautions", "ready")


@dataclass(frozen=True)
class Point:
    label: str  # a short date
    verdict: str  # a Verdict value
    time: str = ""  # local HH:MM, to tell apart several checklists on one day

# At most this many points are drawn (the newest); the chart says so when there are more.
MAX_SHOWN = 30


def point_labels(points: Sequence[Point]) -> list[str]:
    """Each point's label: its date, with its time where another point shares the date."""
    counts: dict[str, int] = {}
    for pt in points:
        counts[pt.label] = counts.get(pt.label, 0) + 1
    return [f"{pt.label} {pt.time}".strip() if counts[pt.label] > 1 else pt.label
            for pt in points]


class VerdictChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[Point] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Verdicts over time"))

    def sizeHint(self) -> QSize:
        return QSize(600, 160)

    def set_points(self, points: Sequence[Point]) -> None:
        self.points = list(points)
        if self.points:
            labels = point_labels(self.points)
            words = ", ".join(f"{label}: {verdict_word(p.verdict)}"
                              for label, p in zip(labels[-10:], self.points[-10:], strict=True))
            self.setAccessibleDescription(words)
        else:
            self.setAccessibleDescription(self.tr("No signed checklists yet."))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = pal.color(QPalette.ColorRole.Mid)
        fm = p.fontMetrics()
        left = max(fm.horizontalAdvance(verdict_word(v)) for v in LEVELS) + 16
        # Room above the plot for "the latest N of M" when not every point fits.
        top = 12 + (fm.height() if len(self.points) > MAX_SHOWN else 0)
        plot = QRectF(left, top, self.width() - left - 20, self.height() - top - fm.height() - 14)
        step_y = plot.height() / (len(LEVELS) - 1)
        p.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        for i, level in enumerate(LEVELS):
            y = plot.bottom() - i * step_y
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 8, fm.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                       verdict_word(level))
            p.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        if not self.points:
            p.setPen(text)
            p.drawText(plot, int(Qt.AlignmentFlag.AlignCenter),
                       self.tr("Your signed checklists will appear here."))
            p.end()
            return
        shown = self.points[-MAX_SHOWN:]
        labels = point_labels(shown)
        n = len(shown)
        xs = [plot.left() + (plot.width() * (i + 0.5) / n) for i in range(n)]
        ys = [plot.bottom() - LEVELS.index(pt.verdict) * step_y
              if pt.verdict in LEVELS else plot.bottom() for pt in shown]
        p.setPen(QPen(grid, 2))
        for i in range(1, n):
            p.drawLine(QPointF(xs[i - 1], ys[i - 1]), QPointF(xs[i], ys[i]))
        # Icons shrink when the points crowd, so neighbours never cover each other.
        size = int(max(8.0, min(18.0, plot.width() / n - 2)))
        for x, y, pt in zip(xs, ys, shown, strict=True):
            verdict_icon(pt.verdict).paint(p, int(x - size / 2), int(y - size / 2), size, size)
        p.setPen(text)
        label_y = plot.bottom() + 8
        for i in sorted({0, n - 1}):
            # Centred under its point, but kept inside the widget so no label is cut off.
            x = min(max(xs[i] - 70, 0.0), self.width() - 140.0)
            p.drawText(QRectF(x, label_y, 140, fm.height()), int(Qt.AlignmentFlag.AlignHCenter),
                       labels[i])
        if len(self.points) > n:
            p.drawText(QRectF(plot.left(), 2, plot.width(), fm.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                       self.tr("The latest %1 of %2").replace("%1", str(n))
                       .replace("%2", str(len(self.points))))
        p.end()
