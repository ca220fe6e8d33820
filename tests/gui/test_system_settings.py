"""The "open settings" launcher finds programs as the probe layer does (system folders only),
never on PATH, where a look-alike could be started in its place."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QProcess
from PySide6.QtGui import QDesktopServices

from readiness.gui import system_settings
from readiness.probe import execs

pytestmark = pytest.mark.skipif(sys.platform.startswith("win") or sys.platform == "darwin",
                                reason="Linux and BSD launch programs; the others use the OS")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    calls: list[tuple[str, list[str]]] = []

    def start_detached(program: str, arguments: list[str]) -> tuple[bool, int]:
        calls.append((program, list(arguments)))
        return True, 1

    def open_url(url: Any) -> bool:
        calls.append(("QDesktopServices.openUrl", [url.toString()]))
        return True

    monkeypatch.setattr(QProcess, "startDetached", start_detached)
    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return calls


def _decoy(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An executable of that name in a folder first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    decoy = folder / name
    decoy.write_text("#!/bin/sh\nexit 0\n")
    decoy.chmod(decoy.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


def test_a_program_only_on_path_is_not_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        started: list[tuple[str, list[str]]]) -> None:
    _decoy(tmp_path, "readiness-decoy-settings", monkeypatch)
    assert system_settings.open_setting({"argv": ["readiness-decoy-settings", "x"]}) is False
    assert started == []


def test_a_program_is_started_by_its_system_path(
        monkeypatch: pytest.MonkeyPatch, started: list[tuple[str, list[str]]]) -> None:
    asked: list[str] = []

    def resolve(name: str, platform: str | None = None) -> str:
        asked.append(name)
        return f"/usr/bin/{name}"

    monkeypatch.setattr(execs, "resolve", resolve)
    assert system_settings.open_setting({"argv": ["gnome-control-center", "wifi"]})
    assert asked == ["gnome-control-center"]
    assert started == [("/usr/bin/gnome-control-center", ["wifi"])]


@pytest.mark.parametrize("argv", [["../evil"], ["/tmp/evil"], ["bin/evil"]])
def test_relative_and_outside_paths_are_refused(
        argv: list[str], started: list[tuple[str, list[str]]]) -> None:
    assert system_settings.open_setting({"argv": argv}) is False
    assert started == []


def test_a_uri_goes_through_xdg_open_from_the_system_folders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        started: list[tuple[str, list[str]]]) -> None:
    _decoy(tmp_path, "xdg-open", monkeypatch)
    try:
        real = execs.resolve("xdg-open")
    except execs.ExecutableNotFound:
        real = None
    opened = system_settings.open_setting({"uri": "settings://network"})
    # Never the decoy, nor Qt's launcher (which looks xdg-open up on PATH).
    if real is None:
        assert opened is False and started == []
    else:
        assert started == [(real, ["settings://network"])]
    assert all(not program.startswith(str(tmp_path)) for program, _ in started)
