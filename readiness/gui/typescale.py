"""The app's type scale and spacing, in one place.

Sizes are factors of the platform's default font, never fixed pixel or point sizes, so a user
who has made their system's text larger gets every heading larger too. Spacing is in Qt's
device-independent pixels (crisp at 1x and 2x alike).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)

# Role: (factor of the default size, bold).
DISPLAY = "display"  # the verdict word: the one thing to see at a glance
TITLE = "title"  # the app's name in the header; a file's or an item's name
HEADING = "heading"  # a section or page heading
BODY = "body"
CAPTION = "caption"  # secondary lines under a heading
SCALE: dict[str, tuple[float, bool]] = {
    DISPLAY: (1.8, True),
    TITLE: (1.35, True),
    HEADING: (1.1, True),
    BODY: (1.0, False),
    CAPTION: (0.92, False),
}

# Spacing (device-independent pixels).
PAGE_MARGIN = 16  # around each page's content
SECTION_GAP = 12  # between a page's sections
ROW_GAP = 8  # between controls in a row, and tiles
TIGHT_GAP = 4  # between a heading and the line under it


def font(role: str, base: QFont | None = None) -> QFont:
    """The font for ``role``, scaled from ``base`` (the application's default font)."""
    factor, bold = SCALE[role]
    out = QFont(base if base is not None else QGuiApplication.font())
    if out.pointSizeF() > 0:
        out.setPointSizeF(out.pointSizeF() * factor)
    elif out.pixelSize() > 0:  # a platform that gives its default in pixels
        out.setPixelSize(max(1, round(out.pixelSize() * factor)))
    out.setBold(bold)
    return out


def apply(widget: W, role: str) -> W:
    """Give ``widget`` the font of ``role`` (from the application's font, not the widget's
    own, so a heading inside a heading is not scaled twice)."""
    widget.setFont(font(role))
    return widget
