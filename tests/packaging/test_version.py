"""The version comes from one place (readiness.__version__) and every package agrees with it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import readiness
from readiness.cli.main import main
from tests.packaging.support import PACKAGING, ROOT, metadata, rules

VERSION = readiness.__version__


def test_version_is_read_from_the_package_source() -> None:
    assert metadata().read_version() == VERSION


def test_cli_reports_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"readiness {VERSION}"


def test_macos_info_plist_carries_the_version_and_location_reason() -> None:
    meta = metadata()
    plist = meta.info_plist(VERSION)
    assert plist["CFBundleShortVersionString"] == VERSION
    assert plist["CFBundleVersion"] == VERSION
    assert plist["CFBundleIdentifier"] == meta.APP_ID
    assert plist["CFBundleExecutable"] == meta.GUI_EXE
    # The Wi-Fi check needs Location permission; macOS refuses to ask without a reason.
    assert "Wi-Fi" in str(plist["NSLocationWhenInUseUsageDescription"])


def test_appstream_newest_release_is_this_version() -> None:
    meta = metadata()
    tree = ET.parse(PACKAGING / "linux" / f"{meta.APP_ID}.metainfo.xml")  # noqa: S314 (our own file)
    releases = tree.getroot().findall("./releases/release")
    assert releases, "metainfo has no <release>"
    assert releases[0].get("version") == VERSION, (
        "add a <release> for the new version at the top of the metainfo releases"
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date") or "")


def test_inno_setup_takes_the_version_from_the_build_never_a_literal() -> None:
    iss = (PACKAGING / "windows" / "readiness.iss").read_text(encoding="utf-8")
    assert re.search(r"^AppVersion=\{#AppVersion\}$", iss, re.MULTILINE)
    # Falls back to the version resource of the frozen exe, which the spec writes from
    # __version__: no version number is typed into the script.
    assert 'GetStringFileInfo(' in iss and '"ProductVersion"' in iss
    assert VERSION not in iss
    build = (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert "readiness.__version__" in build
    assert "/DAppVersion=$Version" in build


def test_windows_version_resource_is_built_from_the_version() -> None:
    meta = metadata()
    text = rules().windows_version_info(meta, VERSION)
    assert f"StringStruct('ProductVersion', '{VERSION}')" in text
    assert repr(meta.numeric_version(VERSION)) in text
    # The text is Python call syntax that PyInstaller evaluates with its resource classes;
    # evaluate it with stand-ins that record their arguments.
    calls: dict[str, list[tuple[object, ...]]] = {}

    def recorder(name: str) -> object:
        def record(*args: object, **kwargs: object) -> object:
            calls.setdefault(name, []).append(args)
            return (name, args, kwargs)
        return record

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    eval(text, {"__builtins__": {}}, {n: recorder(n) for n in names})  # noqa: S307
    assert ("ProductVersion", VERSION) in calls["StringStruct"]
    assert len(calls["FixedFileInfo"]) == 1


def test_deb_control_carries_the_version() -> None:
    control = metadata().deb_control(VERSION, 1234, "amd64")
    assert f"\nVersion: {VERSION}\n" in control
    assert "libxcb-cursor0" in control  # what a stock Ubuntu lacks for Qt 6.5+ on X11


def test_numeric_version_pads_and_drops_suffixes() -> None:
    nv = metadata().numeric_version
    assert nv("0.1.0") == (0, 1, 0, 0)
    assert nv("1.2.3rc1") == (1, 2, 3, 0)
    assert nv("2") == (2, 0, 0, 0)


def test_macos_build_script_checks_the_plist_version() -> None:
    script = (ROOT / "packaging" / "macos" / "build.sh").read_text(encoding="utf-8")
    assert "readiness.__version__" in script
    assert "CFBundleShortVersionString" in script
