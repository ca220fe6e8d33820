"""Automatic-updates verdicts from facts alone: no host, no probes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from checks.answer import Answer
from checks.auto_updates.decide import decide_macos, decide_windows
from checks.auto_updates.decide_linux import decide_linux
from checks.auto_updates.model import (
    AptFacts,
    DnfFacts,
    GnomeFacts,
    LinuxFacts,
    MacFacts,
    WindowsFacts,
)
from readiness.model import Status
from readiness.probe.types import FileRead


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (WindowsFacts(2, 2), Status.PASS),  # defaults, no policy
        (WindowsFacts(3, 3), Status.PASS),  # manual (trigger) start is Windows 10/11's default
        (WindowsFacts(3, None), Status.PASS),  # no Update Orchestrator (older Windows)
        (WindowsFacts(2, 2, 0, 4), Status.PASS),
        (WindowsFacts(2, 2, None, 7), Status.PASS),
        (WindowsFacts(4), Status.FAIL),
        (WindowsFacts(2, 4), Status.FAIL),
        (WindowsFacts(2, 2, 1, None), Status.FAIL),
        (WindowsFacts(2, 2, 1, 4), Status.FAIL),  # NoAutoUpdate wins over AUOptions
        (WindowsFacts(2, 2, None, 2), Status.WARN),
        (WindowsFacts(2, 2, None, 3), Status.WARN),
        (WindowsFacts(2, 2, None, 9), Status.UNKNOWN),
        (WindowsFacts(None), Status.UNKNOWN),
        (WindowsFacts("HKLM\\...\\Start is not a number (REG_SZ)"), Status.UNKNOWN),
        (WindowsFacts(1), Status.UNKNOWN),  # a "system" start type is not Windows Update's
        (WindowsFacts(2, "access denied"), Status.UNKNOWN),
        (WindowsFacts(2, 2, "access denied", 4), Status.UNKNOWN),
        (WindowsFacts(2, 2, None, "access denied"), Status.UNKNOWN),
    ],
)
def test_decide_windows(facts: WindowsFacts, status: Status) -> None:
    outcome = decide_windows(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.summary


def test_windows_policy_is_named() -> None:
    outcome = decide_windows(WindowsFacts(2, 2, None, 4))
    assert outcome.summary.endswith("(set by a policy).")
    assert outcome.observed == {"wuauserv_start": 2, "usosvc_start": 2,
                                "policy_NoAutoUpdate": None, "policy_AUOptions": 4}


RECORD: dict[str, Any] = {"LastFullSuccessfulDate": datetime(2026, 11, 20, 9, 0)}
ALL_ON = {"AutomaticCheckEnabled": True, "AutomaticDownload": True,
          "CriticalUpdateInstall": True, "ConfigDataInstall": True,
          "AutomaticallyInstallMacOSUpdates": True}
# Security responses and downloads on, but nothing says macOS updates install on their own.
NO_INSTALL = {k: v for k, v in ALL_ON.items() if k != "AutomaticallyInstallMacOSUpdates"}
INSTALL = {"AutomaticallyInstallMacOSUpdates": True}


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (MacFacts({**RECORD, **INSTALL}), Status.PASS),  # the rest at macOS's default, on
        (MacFacts(ALL_ON), Status.PASS),
        (MacFacts({**ALL_ON, "AutomaticCheckEnabled": 1}), Status.PASS),
        (MacFacts({**ALL_ON, "AutomaticallyInstallMacOSUpdates": 1}), Status.PASS),
        # Security responses alone are not "updates install automatically" (issue 11, 3).
        (MacFacts(RECORD), Status.WARN),  # AutomaticallyInstallMacOSUpdates never set
        (MacFacts(NO_INSTALL), Status.WARN),
        (MacFacts({**ALL_ON, "AutomaticallyInstallMacOSUpdates": False}), Status.WARN),
        (MacFacts({**ALL_ON, "AutomaticallyInstallMacOSUpdates": 0}), Status.WARN),
        (MacFacts({**ALL_ON, "AutomaticallyInstallMacOSUpdates": "yes"}), Status.UNKNOWN),
        (MacFacts(ALL_ON, {"AutomaticallyInstallMacOSUpdates": False}), Status.WARN),  # managed
        (MacFacts(NO_INSTALL, INSTALL), Status.PASS),  # a profile switches it on
        (MacFacts({"AutomaticallyInstallMacOSUpdates": False}), Status.WARN),  # still a record
        (MacFacts({**RECORD, "AutomaticCheckEnabled": False}), Status.FAIL),
        (MacFacts({**RECORD, **INSTALL, "CriticalUpdateInstall": False}), Status.FAIL),
        (MacFacts({**RECORD, **INSTALL, "ConfigDataInstall": 0}), Status.FAIL),
        (MacFacts({**RECORD, **INSTALL, "AutomaticDownload": False}), Status.WARN),
        (MacFacts(ALL_ON, {"AutomaticCheckEnabled": False}), Status.FAIL),  # managed wins
        (MacFacts({**RECORD, **INSTALL, "AutomaticCheckEnabled": False},
                  {"AutomaticCheckEnabled": True}), Status.PASS),
        (MacFacts({**RECORD, "AutomaticDownload": "yes"}), Status.UNKNOWN),
        (MacFacts({**RECORD, "AutomaticDownload": 2}), Status.UNKNOWN),
        (MacFacts("plutil is not installed"), Status.UNKNOWN),
        (MacFacts({}), Status.UNKNOWN),  # an empty file is not the record
        (MacFacts({"LastSuccessfulDate": "yesterday"}), Status.UNKNOWN),
        (MacFacts(ALL_ON, managed_unreadable="not a property list"), Status.UNKNOWN),
        (MacFacts(ALL_ON, managed_unknown="permission denied"), Status.UNKNOWN),
    ],
)
def test_decide_macos(facts: MacFacts, status: Status) -> None:
    outcome = decide_macos(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.summary


def test_macos_names_the_defaults_it_relied_on() -> None:
    outcome = decide_macos(MacFacts({**ALL_ON, "AutomaticDownload": None}))
    assert "(AutomaticDownload not set, so macOS's default, on, applies)" in outcome.summary
    assert outcome.observed["AutomaticDownload_default"] is True
    assert "managed" not in outcome.observed
    assert decide_macos(MacFacts(ALL_ON, {})).observed["managed"] is True


def test_macos_says_what_is_and_is_not_on() -> None:
    unset = decide_macos(MacFacts(NO_INSTALL))
    assert "'Install macOS updates' is not switched on" in unset.summary
    assert "AutomaticallyInstallMacOSUpdates is not set" in unset.summary
    assert "installs Security Responses and system files automatically" in unset.summary
    assert unset.observed["AutomaticallyInstallMacOSUpdates"] is None
    off = decide_macos(MacFacts({**ALL_ON, "AutomaticallyInstallMacOSUpdates": False}))
    assert "'Install macOS updates' is switched off" in off.summary
    assert off.observed["AutomaticallyInstallMacOSUpdates"] is False
    on = decide_macos(MacFacts(NO_INSTALL, INSTALL))
    assert "installs macOS updates (set by a configuration profile)" in on.summary


def ok(stdout: str) -> Answer:
    return Answer(True, True, 0, stdout, "", None, None)


MISSING = Answer.failed("not installed", "not installed")
APT_ON = ok('APT "";\nAPT::Periodic::Update-Package-Lists "1";\n'
            'APT::Periodic::Unattended-Upgrade "1";\n')
APT_OFF = ok('APT "";\nAPT::Periodic::Update-Package-Lists "1";\n')
APT_DISABLED = ok('APT "";\nAPT::Periodic::Enable "0";\nAPT::Periodic::Unattended-Upgrade "1";\n')
APT_ODD = ok('APT "";\nAPT::Periodic::Unattended-Upgrade "weekly";\n')
SCRIPT = FileRead("/usr/bin/unattended-upgrade", "#!/usr/bin/python3\n")
NOT_SCRIPT = FileRead("/usr/bin/unattended-upgrade", "\x7fELF")
NO_TOOL = FileRead("/usr/bin/unattended-upgrade", None, "missing")
TRUE, FALSE = ok("true\n"), ok("false\n")
NO_SCHEMA = Answer(False, True, 1, "", "No such schema \u201corg.gnome.software\u201d", None,
                   "gsettings stopped with an error (code 1)")
GNOME_OFF = GnomeFacts(MISSING)


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (LinuxFacts(AptFacts(APT_ON, SCRIPT, "active")), Status.PASS),
        (LinuxFacts(AptFacts(APT_ON, SCRIPT, "inactive"), gnome=GNOME_OFF), Status.FAIL),
        (LinuxFacts(AptFacts(APT_ON, SCRIPT, None), gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(AptFacts(APT_ON, NO_TOOL), gnome=GNOME_OFF), Status.FAIL),
        (LinuxFacts(AptFacts(APT_ON, NOT_SCRIPT), gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(AptFacts(APT_ON), gnome=GNOME_OFF), Status.UNKNOWN),  # tool never read
        (LinuxFacts(AptFacts(APT_OFF), gnome=GNOME_OFF), Status.FAIL),
        (LinuxFacts(AptFacts(APT_DISABLED), gnome=GNOME_OFF), Status.FAIL),
        (LinuxFacts(AptFacts(APT_ODD), gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(AptFacts(ok("garbage")), gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(AptFacts(MISSING), gnome=GNOME_OFF), Status.FAIL),
        (LinuxFacts(dnf=DnfFacts("active", "inactive")), Status.PASS),
        (LinuxFacts(dnf=DnfFacts("inactive", "active", "[commands]\napply_updates = yes\n")),
         Status.PASS),
        (LinuxFacts(dnf=DnfFacts("inactive", "active", "[commands]\napply_updates = no\n"),
                    gnome=GNOME_OFF), Status.FAIL),
        # dnf-automatic's default is to download only.
        (LinuxFacts(dnf=DnfFacts("inactive", "active", "[commands]\n"), gnome=GNOME_OFF),
         Status.FAIL),
        (LinuxFacts(dnf=DnfFacts("inactive", "active", "apply_updates = maybe\n"),
                    gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(dnf=DnfFacts("inactive", "active", None), gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(dnf=DnfFacts("inactive", "inactive"), gnome=GNOME_OFF), Status.FAIL),
        (LinuxFacts(dnf=DnfFacts(None, None), gnome=GNOME_OFF), Status.UNKNOWN),
        (LinuxFacts(gnome=GnomeFacts(TRUE, TRUE, True)), Status.PASS),
        (LinuxFacts(gnome=GnomeFacts(TRUE, TRUE, False)), Status.FAIL),
        (LinuxFacts(gnome=GnomeFacts(TRUE, TRUE, None)), Status.UNKNOWN),
        (LinuxFacts(gnome=GnomeFacts(TRUE, FALSE)), Status.FAIL),
        (LinuxFacts(gnome=GnomeFacts(NO_SCHEMA, NO_SCHEMA)), Status.FAIL),
        (LinuxFacts(gnome=GnomeFacts(TRUE, ok("'yes'"))), Status.UNKNOWN),
        (LinuxFacts(gnome=GnomeFacts(TRUE)), Status.UNKNOWN),  # download setting never read
        # One tool on is enough, whatever the others say.
        (LinuxFacts(AptFacts(APT_OFF), DnfFacts(None, None), GnomeFacts(TRUE, TRUE, True)),
         Status.PASS),
        (LinuxFacts(), Status.UNKNOWN),
    ],
)
def test_decide_linux(facts: LinuxFacts, status: Status) -> None:
    outcome = decide_linux(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.summary and outcome.expected and outcome.method


def test_linux_reasons_are_joined_in_order() -> None:
    outcome = decide_linux(LinuxFacts(AptFacts(APT_OFF), gnome=GNOME_OFF))
    assert outcome.summary == ("Updates are not installed automatically: unattended-upgrades is "
                               "not switched on; GNOME Software's settings are not available.")


def test_linux_unknown_outranks_off() -> None:
    outcome = decide_linux(LinuxFacts(AptFacts(APT_OFF), DnfFacts(None, None), GNOME_OFF))
    assert outcome.summary == ("Could not tell whether updates install automatically: could "
                               "not tell whether dnf-automatic is active.")
