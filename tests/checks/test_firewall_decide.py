"""Firewall verdicts from facts alone: no host, no probes."""

from __future__ import annotations

import pytest

from checks.firewall.decide import decide_linux, decide_macos, decide_windows
from checks.firewall.model import LinuxFacts, MacFacts, WindowsFacts
from readiness.model import Status

ALL_ON = {"Domain": True, "Private": True, "Public": True}
PUBLIC_OFF = {"Domain": True, "Private": True, "Public": False}
ALL_OFF = {"Domain": False, "Private": False, "Public": False}
THIRD_ON = (("Example Firewall", True),)
THIRD_OFF = (("Example Firewall", False),)


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (WindowsFacts(ALL_ON), Status.PASS),
        (WindowsFacts(ALL_ON, from_registry=True), Status.PASS),
        (WindowsFacts(None, True, "powershell: not installed", "unreadable"), Status.UNKNOWN),
        (WindowsFacts(PUBLIC_OFF, products=()), Status.WARN),
        (WindowsFacts(PUBLIC_OFF, products=None, products_problem="timed out"), Status.WARN),
        (WindowsFacts(PUBLIC_OFF, products=THIRD_ON), Status.PASS),
        (WindowsFacts(ALL_OFF, products=THIRD_ON), Status.PASS),
        (WindowsFacts(ALL_OFF, products=THIRD_OFF), Status.FAIL),
        (WindowsFacts(ALL_OFF, products=()), Status.FAIL),
        # Everything off and Security Center silent: another firewall may be on.
        (WindowsFacts(ALL_OFF, products=None, products_problem="timed out"), Status.UNKNOWN),
    ],
)
def test_decide_windows(facts: WindowsFacts, status: Status) -> None:
    outcome = decide_windows(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.summary and outcome.expected and outcome.method


def test_windows_names_the_off_profiles_and_the_source() -> None:
    outcome = decide_windows(WindowsFacts(PUBLIC_OFF, from_registry=True, products=()))
    assert "Public profile (on for Domain and Private)" in outcome.summary
    assert outcome.method.startswith("registry EnableFirewall")
    assert outcome.observed["public_profile_on"] is False
    assert outcome.observed["third_party_firewalls"] == "none"


def test_windows_unknown_gives_both_reasons() -> None:
    outcome = decide_windows(WindowsFacts(None, True, "powershell: not installed",
                                          "the firewall service's start type could not be read"))
    assert "powershell: not installed" in outcome.summary
    assert "start type" in outcome.summary
    assert outcome.observed == {"profiles_read": False}


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (MacFacts(1), Status.PASS),
        (MacFacts(2), Status.PASS),  # block all incoming is on, not off
        (MacFacts(0), Status.FAIL),
        (MacFacts(1, from_profiler=True), Status.PASS),
        (MacFacts(0, from_profiler=True), Status.FAIL),
        (MacFacts(None, True, "refused", "timed out"), Status.UNKNOWN),
    ],
)
def test_decide_macos(facts: MacFacts, status: Status) -> None:
    outcome = decide_macos(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.expected and outcome.method


def test_macos_method_names_the_source() -> None:
    assert decide_macos(MacFacts(1)).method == "socketfilterfw --getglobalstate"
    assert decide_macos(MacFacts(1, from_profiler=True)).method.startswith("system_profiler")


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (LinuxFacts(True, "active"), Status.PASS),
        (LinuxFacts(False, "inactive", "active"), Status.PASS),
        (LinuxFacts(False, "inactive", "inactive", "active", True), Status.PASS),
        (LinuxFacts(False, "inactive", "inactive", "inactive"), Status.FAIL),
        # ufw's unit running with ufw disabled in its config is not a firewall.
        (LinuxFacts(False, "active", "inactive", "inactive"), Status.FAIL),
        # Debian's accept-everything nftables skeleton is not a firewall either.
        (LinuxFacts(False, "inactive", "inactive", "active", False), Status.FAIL),
        (LinuxFacts(False, "inactive", "inactive", "active", None), Status.UNKNOWN),
        (LinuxFacts(None, "inactive", "inactive", "inactive"), Status.UNKNOWN),
        (LinuxFacts(True, None, "inactive", "inactive"), Status.UNKNOWN),
        (LinuxFacts(False, "inactive", None, "inactive"), Status.UNKNOWN),
        (LinuxFacts(False, "inactive", "inactive", None), Status.UNKNOWN),
        # No systemd at all (a container): nothing can be told.
        (LinuxFacts(False, None, None, None), Status.UNKNOWN),
    ],
)
def test_decide_linux(facts: LinuxFacts, status: Status) -> None:
    outcome = decide_linux(facts)
    assert outcome.status is status, outcome.summary
    assert outcome.expected and outcome.method


def test_linux_unknown_names_what_could_not_be_checked() -> None:
    outcome = decide_linux(LinuxFacts(None, "inactive", None, "active", None))
    assert outcome.summary == ("Could not tell whether a firewall is running: ufw, firewalld, "
                               "nftables could not be checked.")


def test_linux_pass_records_only_what_was_asked() -> None:
    assert decide_linux(LinuxFacts(True, "active")).observed == {
        "ufw_enabled_in_config": True, "ufw_unit": "active"}
