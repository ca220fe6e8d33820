"""Inputs change only when the practitioner means them to.

Qt lets a combo box, date field, spin box or slider take mouse-wheel events while it does not
have focus, so scrolling down the detail pane used to change the backup channel's type and its
"last tried" date under the pointer — answers that were then signed. Installed once on the
application, this filter gives such a widget the wheel only when it has keyboard focus (it was
clicked or tabbed to); otherwise the wheel scrolls the page it sits on.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QScrollBar,
    QWidget,
)

# The widgets whose value a wheel turn changes. (Scroll bars are sliders that are meant to.)
_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _scroll_bar_for(widget: QWidget) -> QScrollBar | None:
    """The vertical scroll bar of the nearest scrolling ancestor, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent.verticalScrollBar()
        parent = parent.parentWidget()
    return None


def takes_wheel(widget: QObject) -> bool:
    """Whether a wheel turn over ``widget`` may change its value now."""
    if not isinstance(widget, _VALUE_WIDGETS) or isinstance(widget, QScrollBar):
        return True
    return widget.hasFocus()


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(watched, QWidget) or takes_wheel(watched):
            return False
        if kind is QEvent.Type.Polish:
            # Qt focuses a widget whose policy includes the wheel *before* filters see the
            # wheel event; click or Tab focus only, so a wheel turn cannot focus and change it.
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind is not QEvent.Type.Wheel:
            return False
        bar = _scroll_bar_for(watched)
        if bar is not None and bar.isVisible():
            QCoreApplication.sendEvent(bar, event)  # scroll the page instead
        return True


def install(app: QCoreApplication) -> WheelGuard:
    """Filter every widget's wheel events; returns the filter (kept alive by its parent)."""
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
