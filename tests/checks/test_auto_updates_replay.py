"""The automatic-updates check end to end, one case per row: non-passing cases that once were
handmade replay fixtures. Each decision is also a row of the decide table
(test_auto_updates_decide.py); these rows keep the gathering behind it covered (which probe is
asked, in which order, and how its answer is read). The passing cases (which fault injection
needs) and the real outputs stay fixtures under tests/fixtures/snapshots/auto_updates_on."""

from __future__ import annotations

from typing import Any

import pytest

from checks.auto_updates import facts_windows as win
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, real_output, run_check


def apt_dump(unattended: str) -> dict[str, Any]:
    """apt-config dump in apt's 'Key "value";' form, with 20auto-upgrades' two settings."""
    text = ('APT "";\nAPT::Architecture "amd64";\nAPT::Sandbox "";\nAPT::Sandbox::User "_apt";\n'
            'APT::Periodic "";\nAPT::Periodic::Update-Package-Lists "1";\n'
            f'APT::Periodic::Unattended-Upgrade "{unattended}";\nDir "/";\n')
    return cmd(["apt-config", "dump"], text)


def timer(name: str, state: str) -> dict[str, Any]:
    return cmd(["systemctl", "is-active", f"{name}.timer"], f"{state}\n",
               0 if state == "active" else 3)


SCRIPT = {"/usr/bin/unattended-upgrade": "#!/usr/bin/python3\n# Copyright (c) 2005-2018 "
                                         "Canonical Ltd\n"}
DNF_OFF = [timer("dnf-automatic-install", "inactive"), timer("dnf-automatic", "inactive")]

LINUX: list[tuple[str, list[dict[str, Any]], dict[str, str], Status, str]] = [
    # The unattended-upgrades package is installed but Unattended-Upgrade is "0": the presence
    # of the package is not "on". No dnf-automatic, no GNOME Software.
    ("package_installed_but_off",
     [apt_dump("0"), timer("apt-daily-upgrade", "active"), *DNF_OFF], SCRIPT,
     Status.FAIL, "unattended-upgrades is not switched on"),
    # Switched on in the configuration but the unattended-upgrade program is missing.
    ("setting_on_package_missing", [apt_dump("1"), *DNF_OFF], {},
     Status.FAIL, "package is not installed"),
    # apt not used; dnf-automatic.timer runs but not the install timer, so its settings decide:
    # the automatic.conf dnf ships (real) says apply_updates = no, which only downloads.
    ("dnf_automatic_download_only",
     [timer("dnf-automatic-install", "inactive"), timer("dnf-automatic", "active")],
     {"/etc/dnf/automatic.conf":
      real_output("linux/dnf-automatic-conf/01-dnf-shipped-apply-updates-no.txt")},
     Status.FAIL, "only downloads updates (apply_updates = no)"),
]


@pytest.mark.parametrize(("commands", "files", "status", "words"),
                         [row[1:] for row in LINUX], ids=[row[0] for row in LINUX])
def test_linux(commands: list[dict[str, Any]], files: dict[str, str], status: Status,
               words: str) -> None:
    snap = make_snapshot("linux", commands=commands, files=files)
    result = run_check("auto_updates_on", snap)
    assert result.status is status, result.summary
    assert words in result.summary


def dword(value: int) -> dict[str, Any]:
    return {"type": "REG_DWORD", "value": value}


WU = win.SERVICES + "wuauserv\\Start"
USO = win.SERVICES + "UsoSvc\\Start"

WINDOWS: list[tuple[str, dict[str, Any], Status, str]] = [
    # Update Orchestrator disabled: Security Center still says 'good' here (osquery's
    # windows_security_center.cpp notes it); the check fails.
    ("orchestrator_disabled", {WU: dword(3), USO: dword(4)}, Status.FAIL,
     "Update Orchestrator service is disabled"),
    # Group policy AUOptions = 2 (notify before download); no Update Orchestrator value.
    ("policy_notify_download", {WU: dword(3), win.AU_POLICY + "AUOptions": dword(2)},
     Status.WARN, "before it downloads"),
]


@pytest.mark.parametrize(("registry", "status", "words"),
                         [row[1:] for row in WINDOWS], ids=[row[0] for row in WINDOWS])
def test_windows(registry: dict[str, Any], status: Status, words: str) -> None:
    result = run_check("auto_updates_on", make_snapshot("windows", registry=registry))
    assert result.status is status, result.summary
    assert words in result.summary


def plist(body: str) -> str:
    """plutil -convert xml1's rendering of a preferences file."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST '
            '1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n'
            f"<dict>\n{body}</dict>\n</plist>\n")


def read(path: str, body: str) -> dict[str, Any]:
    return cmd(["plutil", "-convert", "xml1", "-o", "-", path], plist(body))


SU = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
MANAGED = "/Library/Managed Preferences/com.apple.SoftwareUpdate.plist"
LAST = "\t<key>LastFullSuccessfulDate</key>\n\t<date>2026-11-19T09:12:40Z</date>\n"
SWITCHES_ON = "".join(f"\t<key>{k}</key>\n\t<true/>\n" for k in (
    "AutomaticCheckEnabled", "AutomaticDownload", "CriticalUpdateInstall", "ConfigDataInstall"))
INSTALL_ON = "\t<key>AutomaticallyInstallMacOSUpdates</key>\n\t<true/>\n"

MACOS: list[tuple[str, str, str, Status, str]] = [
    # Every switch on locally, but a configuration profile sets AutomaticallyInstallMacOSUpdates
    # false: the managed value wins, so macOS updates wait while security responses install.
    ("managed_install_off", SWITCHES_ON + INSTALL_ON + LAST,
     "\t<key>AutomaticallyInstallMacOSUpdates</key>\n\t<false/>\n", Status.WARN,
     "'Install macOS updates' is switched off"),
    # The user's switches are on, but a profile turns CriticalUpdateInstall off: it wins.
    ("managed_override", SWITCHES_ON + LAST,
     "\t<key>CriticalUpdateInstall</key>\n\t<false/>\n" + LAST, Status.FAIL,
     "'Install Security Responses and system files' is off"),
]


@pytest.mark.parametrize(("local", "managed", "status", "words"),
                         [row[1:] for row in MACOS], ids=[row[0] for row in MACOS])
def test_macos_managed_preferences_win(local: str, managed: str, status: Status,
                                       words: str) -> None:
    snap = make_snapshot("macos", commands=[read(SU, local), read(MANAGED, managed)],
                         files={MANAGED: "bplist00"})
    result = run_check("auto_updates_on", snap)
    assert result.status is status, result.summary
    assert words in result.summary
    assert result.evidence
