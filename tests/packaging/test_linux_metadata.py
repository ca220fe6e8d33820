"""The Linux launcher, AppStream metadata and icons: one reverse-DNS id everywhere, valid files."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, ROOT, metadata

LINUX = PACKAGING / "linux"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / f"{metadata().APP_ID}.desktop", encoding="utf-8")
    return parser


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_desktop_file_names_the_app_id_icon_and_binary() -> None:
    meta = metadata()
    entry = _desktop()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Icon"] == meta.APP_ID
    assert entry["Exec"].split()[0] == meta.LINUX_EXE
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == meta.LINUX_EXE


def test_metainfo_uses_the_same_id_and_launcher() -> None:
    meta = metadata()
    root = ET.parse(LINUX / f"{meta.APP_ID}.metainfo.xml").getroot()  # noqa: S314 (our own file)
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == meta.APP_ID
    assert root.findtext("launchable") == f"{meta.APP_ID}.desktop"
    assert root.findtext("./provides/binary") == meta.LINUX_EXE
    assert root.findtext("name") == meta.APP_NAME


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_metainfo_passes_appstreamcli_validate() -> None:
    path = LINUX / f"{metadata().APP_ID}.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    output = result.stdout + result.stderr
    # Errors and warnings fail, except a homepage: the project has none yet, and AppStream 1.0
    # warns about that where 0.16 did not ("W: <id>: url-homepage-missing").
    problems = [
        line for line in output.splitlines()
        if line.startswith(("E:", "W:")) and "url-homepage-missing" not in line
    ]
    assert problems == [], output


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-validate not installed"
)
def test_desktop_file_passes_desktop_file_validate() -> None:
    path = LINUX / f"{metadata().APP_ID}.desktop"
    result = subprocess.run(
        ["desktop-file-validate", str(path)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error:" not in result.stdout


@pytest.mark.parametrize("size", SIZES)
def test_hicolor_icon_at_each_standard_size(size: int) -> None:
    path = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{metadata().APP_ID}.png"
    assert _png_size(path) == (size, size)


def test_scalable_icon_is_svg() -> None:
    path = LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{metadata().APP_ID}.svg"
    assert ET.parse(path).getroot().tag.endswith("svg")  # noqa: S314 (our own file)


def test_windows_ico_holds_every_size_up_to_256() -> None:
    data = (PACKAGING / "icons" / "readiness.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, h = data[6 + 16 * i], data[7 + 16 * i]
        sizes.add((w or 256, h or 256))  # 0 means 256 in an ICO directory
    assert {(s, s) for s in (16, 32, 48, 256)} <= sizes


def test_macos_icns_is_well_formed() -> None:
    data = (PACKAGING / "icons" / "readiness.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)


def test_gui_sets_the_desktop_file_name_to_the_app_id() -> None:
    """Wayland matches a window to its launcher by this name; it must be the app id."""
    meta = metadata()
    found = []
    for path in (ROOT / "readiness" / "gui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        # Either a literal argument or the module constant the GUI passes.
        for match in re.finditer(
            r"setDesktopFileName\(\s*[\"']([^\"']+)[\"']|^DESKTOP_ID\s*=\s*[\"']([^\"']+)[\"']",
            text, re.MULTILINE,
        ):
            found.append(match.group(1) or match.group(2))
    assert set(found) == {meta.APP_ID}
