"""docs/for-services.md says how to install silently and where managed settings are read:
what it claims is checked against the installer scripts, the package metadata and the code,
so the page cannot drift from what is built (issue 14)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from readiness import policy

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "for-services.md").read_text(encoding="utf-8")
ISS = (ROOT / "packaging" / "windows" / "readiness.iss").read_text(encoding="utf-8")
BUILD_SH = (ROOT / "packaging" / "macos" / "build.sh").read_text(encoding="utf-8")


def _metadata() -> ModuleType:
    spec = importlib.util.spec_from_file_location("app_metadata",
                                                  ROOT / "packaging" / "app_metadata.py")
    assert spec and spec.loader
    meta = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(meta)
    return meta


def _setup(name: str) -> str:
    match = re.search(rf"^{name}=(.*)$", ISS, re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def test_windows_switches_are_the_installers() -> None:
    # Per-user by default; /ALLUSERS and /CURRENTUSER need the command-line override, which
    # Inno Setup's "dialog" override implies.
    assert _setup("PrivilegesRequired") == "lowest"
    assert {"dialog", "commandline"} & set(_setup("PrivilegesRequiredOverridesAllowed").split())
    for switch in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/ALLUSERS", "/CURRENTUSER",
                   "/NORESTART", 'MERGETASKS="desktopicon"', "unins000.exe"):
        assert switch in DOC
    assert 'Name: "desktopicon"' in ISS
    assert _setup("DefaultDirName").startswith("{autopf}")
    assert _setup("CloseApplications") == "yes"
    # The app is never started by a silent install.
    run = ISS.split("[Run]", 1)[1].split("[", 1)[0]
    assert "skipifsilent" in run
    # The uninstall key Intune detects is the installer's AppId (Inno Setup adds _is1).
    app_id = _setup("AppId").removeprefix("{")
    assert f"Uninstall\\{app_id}_is1" in DOC


def test_macos_pkg_is_built_as_documented() -> None:
    meta = _metadata()
    assert "READINESS_MACOS_PKG" in BUILD_SH and "READINESS_MACOS_PKG=1" in DOC
    assert "READINESS_MACOS_INSTALLER_IDENTITY" in BUILD_SH
    assert "READINESS_MACOS_INSTALLER_IDENTITY" in DOC
    assert "BundleIsRelocatable false" in BUILD_SH
    assert f"--identifier {meta.APP_ID}" in BUILD_SH
    assert f"pkgutil --pkg-info {meta.APP_ID}" in DOC
    # Silent installs for every user, and an unsigned build named as such, in both guides.
    readme = (ROOT / "packaging" / "README.md").read_text(encoding="utf-8")
    for text in (DOC, readme):
        assert "sudo installer -pkg Readiness-<version>.pkg -target /" in text
        assert "Readiness-<version>-unsigned.pkg" in text
    assert "-unsigned.pkg" in BUILD_SH


def test_deb_is_installed_with_apt_by_its_package_name() -> None:
    control = _metadata().deb_control("1.2.3", 1000)
    assert "Package: readiness\n" in control
    assert "sudo apt install ./readiness_<version>_amd64.deb" in DOC
    assert "sudo apt remove readiness" in DOC


def test_policy_locations_and_names_are_the_codes() -> None:
    for where in (policy.REGISTRY_KEY, policy.MAC_DOMAIN, policy.MAC_PATH, policy.LINUX_PATH):
        assert where in DOC
    for name in policy.NAMES:
        assert f"`{name}`" in DOC
    for qid in policy.schema()["properties"]["PracticeNotApplicable"]["items"]["enum"]:
        assert f"`{qid}`" in DOC
