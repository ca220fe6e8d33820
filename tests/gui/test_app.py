"""Quick mode, the screenshot command, remembered window state, settings and logs."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from readiness import settings as settings_mod
from readiness.cli.main import main as cli_main
from readiness.gui.app import make_factory
from readiness.gui.quick import QuickWindow
from readiness.model import Status
from readiness.settings import Settings, SettingsError
from tests.gui.conftest import MakeWindow


def test_quick_mode_shows_no_go_with_the_failing_items(qtbot: QtBot, handmade_replay: Path) -> None:
    quick = QuickWindow(make_factory(handmade_replay), str(handmade_replay))
    qtbot.addWidget(quick)
    quick.show()
    with qtbot.waitSignal(quick.run_finished, timeout=20_000) as done:
        assert quick.start()
    report = done.args[0]
    assert quick.banner.word.text() == "Not ready"
    first = quick.items.item(0)
    assert first.text().startswith("Fail: The firewall is switched on")
    needing = [r for r in report.results if r.status in (Status.FAIL, Status.WARN,
                                                          Status.UNKNOWN)]
    assert quick.items.count() == len(needing)
    quick.close()
    assert not quick.controller.busy


def test_screenshot_command_writes_a_png(handmade_replay: Path, tmp_path: Path) -> None:
    for view in ("check", "history", "verify"):
        out = tmp_path / f"{view}.png"
        assert cli_main(["gui", "--replay", str(handmade_replay), "--screenshot", str(out),
                         "--view", view, "--size", "900x600"]) == 0
        image = QImage(str(out))
        assert (image.width(), image.height()) == (900, 600)


def test_screenshot_command_bad_snapshot_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty"
    bad.mkdir()
    assert cli_main(["gui", "--replay", str(bad), "--screenshot",
                     str(tmp_path / "x.png")]) == 2
    assert "readiness: error:" in capsys.readouterr().err


def test_geometry_and_last_tab_are_remembered(qtbot: QtBot, make_window: MakeWindow,
                                              handmade_replay: Path, readiness_home: Path) -> None:
    window = make_window(handmade_replay)
    window.resize(720, 540)
    window.tabs.setCurrentIndex(2)
    window.close()
    assert (readiness_home / "config" / "window.ini").is_file()
    again = make_window(handmade_replay)
    assert again.tabs.currentIndex() == 2
    assert (again.size().width(), again.size().height()) == (720, 540)


def test_settings_round_trip_defaults_private_and_damaged_file_is_kept(
        readiness_home: Path) -> None:
    assert Settings() == settings_mod.load()
    assert not Settings().trusted_timestamps and not Settings().lifecycle_refresh
    s = Settings(output_folder="Alex", reminder_days=14, first_run_done=True)
    settings_mod.save(s)
    assert settings_mod.load() == s
    path = settings_mod.settings_path()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SettingsError, match="left as it is"):
        settings_mod.load()
    assert path.read_text(encoding="utf-8") == "{not json"
    path.write_text(json.dumps({"format": settings_mod.FORMAT, "reminder_days": "x"}),
                    encoding="utf-8")
    with pytest.raises(SettingsError, match="wrong type"):
        settings_mod.load()


def test_logs_go_to_a_rotating_file(readiness_home: Path) -> None:
    from readiness.logs import setup_logging

    path = setup_logging()
    try:
        assert setup_logging() == path  # idempotent
        logging.getLogger("readiness.test").warning("hello from the test")
        for h in logging.getLogger().handlers:
            h.flush()
        assert "hello from the test" in path.read_text(encoding="utf-8")
        assert path.parent == readiness_home / "logs"
    finally:
        root = logging.getLogger()
        for h in list(root.handlers):
            if getattr(h, "baseFilename", None) == str(path):
                root.removeHandler(h)
                h.close()


def _free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def test_real_window_smoke_under_xvfb(tmp_path: Path, handmade_replay: Path) -> None:
    """Start the real app (xcb, not offscreen) under Xvfb, let it paint, and screenshot it."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (scripts/system-deps.sh installs it)")
    display = _free_display()
    server = subprocess.Popen([xvfb, f":{display}", "-screen", "0", "1280x800x24", "-nolisten",
                               "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        sock = f"/tmp/.X11-unix/X{display}"
        for _ in range(200):  # wait for the server socket, not a fixed sleep
            if Path(sock).exists():
                try:
                    with socket.socket(socket.AF_UNIX) as s:
                        s.connect(sock)
                    break
                except OSError:
                    pass
            if server.poll() is not None:
                pytest.fail("Xvfb exited at start")
            server_wait(0.05)
        env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb"}
        out = tmp_path / "xvfb.png"
        code = (
            "import sys\n"
            "from readiness.cli.main import main\n"
            f"sys.exit(main(['gui', '--replay', {str(handmade_replay)!r}, "
            f"'--screenshot', {str(out)!r}]))\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        image = QImage(str(out))
        assert not image.isNull() and image.width() > 600
    finally:
        server.terminate()
        server.wait(timeout=10)


def server_wait(seconds: float) -> None:
    # Polling for the X server's socket to appear (an external process we cannot signal on).
    import threading

    threading.Event().wait(seconds)
