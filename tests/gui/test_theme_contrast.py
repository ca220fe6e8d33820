"""Light, dark and high contrast (issue 12): status colours stay readable (WCAG AA, 4.5:1) on
the background they are really drawn on, and a high-contrast palette is never defeated by a
fixed colour in a style sheet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from readiness.gui import theme, typescale
from readiness.gui.banner import TONE as VERDICT_TONE
from readiness.gui.banner import VerdictBanner
from readiness.gui.verify_banner import TONE as FILE_TONE
from tests.gui.conftest import MakeWindow
from tests.gui.test_check_page import run_and_wait

Role = QPalette.ColorRole


def _palette(window: str, base: str, text: str) -> QPalette:
    pal = QPalette(QColor(window))
    for role, colour in ((Role.Window, window), (Role.Base, base), (Role.AlternateBase, base),
                         (Role.Button, window)):
        pal.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        pal.setColor(role, QColor(text))
    return pal


LIGHT = _palette("#efefef", "#ffffff", "#000000")
DARK = _palette("#2d2d2d", "#1e1e1e", "#f0f0f0")
DARK_GREY = _palette("#3c3f41", "#45494a", "#bbbbbb")  # a duller dark theme
HIGH_CONTRAST = _palette("#000000", "#000000", "#ffffff")
TONES = sorted(set(VERDICT_TONE.values()) | set(FILE_TONE.values()))


def test_contrast_ratio_matches_wcag() -> None:
    assert theme.contrast(QColor("black"), QColor("white")) == pytest.approx(21)
    assert theme.contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("palette", [LIGHT, DARK, DARK_GREY], ids=["light", "dark", "grey"])
@pytest.mark.parametrize("tone", TONES)
def test_status_text_is_readable_on_its_banner(qtbot: QtBot, palette: QPalette,
                                               tone: str) -> None:
    tint = theme.Tint(tone, palette)
    assert not tint.high_contrast
    # The status colour (the banner's heading) and the body text, on the tinted background.
    assert theme.contrast(tint.heading, tint.background) >= theme.AA, tone
    assert theme.contrast(tint.text, tint.background) >= theme.AA, tone
    # And the status colour stays recognisably its own hue, not plain black or white.
    if tone != theme.NEUTRAL:
        assert tint.heading.hslSaturation() > 40, (tone, tint.heading.name())


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_status_hue_is_readable_on_the_plain_background(palette: QPalette) -> None:
    for role in (Role.Base, Role.Window):
        bg = palette.color(role)
        for tone, hue in theme.HUE.items():
            assert theme.contrast(theme.readable(hue, bg), bg) >= theme.AA, (tone, role)


def test_high_contrast_palette_is_recognised() -> None:
    assert theme.is_high_contrast(HIGH_CONTRAST)
    assert theme.is_high_contrast(_palette("#ffffff", "#ffffff", "#000000"))
    assert not theme.is_high_contrast(LIGHT) and not theme.is_high_contrast(DARK)


def test_high_contrast_banner_uses_only_the_palette() -> None:
    for tone in TONES:
        tint = theme.Tint(tone, HIGH_CONTRAST)
        assert tint.high_contrast
        used = {c.name() for c in (tint.background, tint.border, tint.accent, tint.text,
                                   tint.heading)}
        assert used <= {"#000000", "#ffffff"}, (tone, used)


_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|\b(?:red|green|blue|orange|"
                     r"yellow|grey|gray|white|black)\b")


def _widgets(root: QWidget) -> Iterator[QWidget]:
    yield root
    yield from root.findChildren(QWidget)


@pytest.fixture
def high_contrast() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(HIGH_CONTRAST)
    yield
    app.setPalette(before)


@pytest.mark.usefixtures("high_contrast")
def test_no_fixed_colour_defeats_a_high_contrast_palette(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    window.show()
    qtbot.waitExposed(window)
    run_and_wait(qtbot, window.check_page)
    allowed = {"#000000", "#ffffff", "#000", "#fff"}
    offenders = []
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        for w in _widgets(window):
            colours = {c.lower() for c in _COLOUR.findall(w.styleSheet())}
            if colours - allowed:
                offenders.append(f"{type(w).__name__}#{w.objectName()}: {colours - allowed}")
    assert not offenders, offenders
    # The verdict banner's words are drawn in the palette's own text colour.
    banner = window.check_page.banner
    assert banner.word.palette().color(Role.WindowText).name() == "#ffffff"


def test_banner_restyles_when_the_palette_changes(qtbot: QtBot) -> None:
    banner = VerdictBanner()
    qtbot.addWidget(banner)
    banner.show()
    qtbot.waitExposed(banner)
    light = banner.styleSheet()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        app.setPalette(DARK)
        QApplication.processEvents()
        assert banner.styleSheet() != light
    finally:
        app.setPalette(before)


def test_type_scale_follows_the_system_font() -> None:
    base = QApplication.font()
    for size in (9.0, 14.0):
        base.setPointSizeF(size)
        sizes = [typescale.font(role, base).pointSizeF() for role in
                 (typescale.CAPTION, typescale.BODY, typescale.HEADING, typescale.TITLE,
                  typescale.DISPLAY)]
        assert sizes == sorted(sizes) and sizes[1] == size
    pixel = QApplication.font()
    pixel.setPixelSize(20)
    assert typescale.font(typescale.TITLE, pixel).pixelSize() == 27
