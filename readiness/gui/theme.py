"""Colours from the user's own palette: light, dark and high contrast.

Nothing here is a fixed colour on screen. A status hue (green, amber, red, blue, grey) only
tints a banner's background over the palette's base, and any text drawn in a status colour is
darkened (on light) or lightened (on dark) until it has at least WCAG AA contrast (4.5:1) with
the background it is really drawn on. Under a high-contrast palette there is no tint at all:
the palette's own colours, with status told by icon and word as everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

GOOD, BAD, ASK, INFO, NEUTRAL = "good", "bad", "ask", "info", "neutral"
HUE = {GOOD: QColor("#1e7b45"), BAD: QColor("#b3261e"), ASK: QColor("#b86e00"),
       INFO: QColor("#3d6ea8"), NEUTRAL: QColor("#5f6b7a")}
AA = 4.5  # WCAG 2 AA for body text


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    r, g, b = (_channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() * (1 - t) + b.red() * t),
                  round(a.green() * (1 - t) + b.green() * t),
                  round(a.blue() * (1 - t) + b.blue() * t))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def is_high_contrast(palette: QPalette | None = None) -> bool:
    """The system asks for high contrast, or the palette is one (black on white or white on
    black, as Windows' contrast themes are)."""
    style_hints = QGuiApplication.styleHints()  # held: the accessibility hints are its child
    if style_hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return True
    pal = palette if palette is not None else QGuiApplication.palette()
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.WindowText)
    extreme = luminance(window) <= 0.005 or luminance(window) >= 0.98
    return extreme and contrast(window, text) >= 15


def readable(colour: QColor, background: QColor, ratio: float = AA) -> QColor:
    """``colour``, darkened or lightened just enough to reach ``ratio`` on ``background``."""
    toward = QColor("black") if luminance(background) > 0.18 else QColor("white")
    for step in range(21):
        candidate = mix(colour, toward, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return toward


class Tint:
    """A banner's colours for one tone under one palette."""

    def __init__(self, tone: str, palette: QPalette | None = None) -> None:
        pal = palette if palette is not None else QGuiApplication.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        hue = HUE.get(tone, HUE[NEUTRAL])
        self.high_contrast = is_high_contrast(pal)
        if self.high_contrast:
            # The palette's own colours only: a tint would defeat the user's choice.
            self.background, self.border, self.accent = base, text, text
            self.text = self.heading = text
            return
        self.background = mix(base, hue, 0.22 if is_dark(pal) else 0.10)
        self.border = mix(base, hue, 0.55)
        self.accent = hue
        self.text = readable(text, self.background)
        self.heading = readable(hue, self.background)

    def frame_sheet(self, name: str, heading: str) -> str:
        """A style sheet for the QFrame named ``name`` and its labels; the label named
        ``heading`` in the status colour (made readable on this background)."""
        return (f"#{name} {{ background: {self.background.name()}; "
                f"border: 1px solid {self.border.name()}; "
                f"border-left: 6px solid {self.accent.name()}; border-radius: 8px; }}"
                f"#{name} QLabel {{ color: {self.text.name()}; background: transparent; }}"
                f"#{name} QLabel#{heading} {{ color: {self.heading.name()}; }}")
