"""Started with no display, the app says so in one sentence and exits 2 (no Qt plugin abort)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from readiness.gui.app import NO_DISPLAY, no_display


@pytest.mark.parametrize(("env", "system", "expected"), [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "freebsd14", True),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_no_display_rule(env: dict[str, str], system: str, expected: bool) -> None:
    assert no_display(env, system) is expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X/Wayland sessions only")
@pytest.mark.parametrize("args", [[], ["--quick"]])
def test_the_app_without_a_display_says_one_sentence(args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "readiness", *args], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == NO_DISPLAY
    assert proc.stdout == ""
